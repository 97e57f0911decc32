import { createPermission } from '@backstage/plugin-permission-common';

/*
 * Same value as RESOURCE_TYPE_CATALOG_ENTITY from
 * @backstage/plugin-catalog-common/alpha; spelled out to avoid a dependency
 * for one string. Resource permissions of this type are authorized against
 * the entity being acted for, so the catalog's isEntityOwner condition works.
 */
const CATALOG_ENTITY = 'catalog-entity';

/** See who has access to the entity's namespaces and identities. */
export const aksAccessEntityReadPermission = createPermission({
  name: 'aks-access.entity.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY,
});

/** Onboard a namespace for the entity (and offboard it). */
export const aksAccessNamespaceOnboardPermission = createPermission({
  name: 'aks-access.namespace.onboard',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

export const aksAccessGrantCreatePermission = createPermission({
  name: 'aks-access.grant.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

export const aksAccessGrantDeletePermission = createPermission({
  name: 'aks-access.grant.delete',
  attributes: { action: 'delete' },
  resourceType: CATALOG_ENTITY,
});

export const aksAccessWorkloadIdentityCreatePermission = createPermission({
  name: 'aks-access.workload-identity.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

export const aksAccessWorkloadIdentityDeletePermission = createPermission({
  name: 'aks-access.workload-identity.delete',
  attributes: { action: 'delete' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Ask for time-bound access to a namespace. Not tied to one entity: asking
 * for access to what is not yours is the point.
 */
export const aksAccessAccessRequestCreatePermission = createPermission({
  name: 'aks-access.access-request.create',
  attributes: { action: 'create' },
});

/** Approve or deny a request for access to the entity's namespaces. */
export const aksAccessAccessRequestApprovePermission = createPermission({
  name: 'aks-access.access-request.approve',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Recertify the entity's grants: keep them, or revoke them. */
export const aksAccessGrantReviewPermission = createPermission({
  name: 'aks-access.grant.review',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Read the audit log; not tied to one entity. */
export const aksAccessAuditReadPermission = createPermission({
  name: 'aks-access.audit.read',
  attributes: { action: 'read' },
});

/** Everything to register with the permissions registry. */
export const aksAccessPermissions = [
  aksAccessEntityReadPermission,
  aksAccessNamespaceOnboardPermission,
  aksAccessGrantCreatePermission,
  aksAccessGrantDeletePermission,
  aksAccessWorkloadIdentityCreatePermission,
  aksAccessWorkloadIdentityDeletePermission,
  aksAccessAccessRequestCreatePermission,
  aksAccessAccessRequestApprovePermission,
  aksAccessGrantReviewPermission,
  aksAccessAuditReadPermission,
];
