import {
  ENTITY_REF_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
} from '@aks-access/plugin-aks-access-common';

/*
 * How an Azure object says that aks-access made it, and for which entity.
 * Ownership is proved from these marks on the object itself, never from
 * something that points at it.
 */

// Azure tag names may not contain '/', so the Kubernetes-style keys used on
// namespaces cannot be reused for identities.
const ENTITY_REF_TAG = 'aks-access-entity-ref';
const MANAGED_BY_TAG = 'managed-by';

type Tags = Record<string, string> | null | undefined;

/** The tags of a user-assigned identity made for `entityRef`. */
export function managedIdentityTags(entityRef: string): Record<string, string> {
  return { [ENTITY_REF_TAG]: entityRef, [MANAGED_BY_TAG]: MANAGED_BY_VALUE };
}

// Identities tagged before the tag names were Azure-safe carry the
// namespace keys; both readers accept them.
export function isManagedIdentity(tags: Tags): boolean {
  return (
    tags?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE ||
    tags?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE
  );
}

/**
 * The entity an identity is tagged for. Removal also needs
 * isManagedIdentity: a team may tag an identity it made itself, and then
 * federate onto it, but aks-access deletes only what it made.
 */
export function identityOwner(tags: Tags): string | undefined {
  return tags?.[ENTITY_REF_TAG] ?? tags?.[ENTITY_REF_ANNOTATION];
}

/**
 * The description of a role assignment made for `entityRef`; a time-bound
 * one also says when it ends, and the expiry task revokes it only while it
 * still says so.
 */
export function managedDescription(
  entityRef: string,
  expiresAt?: Date,
): string {
  return `managed-by: ${MANAGED_BY_VALUE}; entity: ${entityRef}${
    expiresAt ? `; expires-at: ${expiresAt.toISOString()}` : ''
  }`;
}

type Described = { description?: string | null };

export function isManagedAssignment(assignment: Described): boolean {
  return /managed-by:\s*aks-access/i.test(assignment.description ?? '');
}

/** The entity a managed assignment was made for, from its own description. */
export function managedEntityOf(assignment: Described): string | undefined {
  if (!isManagedAssignment(assignment)) return undefined;
  return /;\s*entity:\s*([^;\s]+)/i.exec(assignment.description ?? '')?.[1];
}

/** When a managed, time-bound assignment ends, from its own description. */
export function assignmentExpiry(assignment: Described): string | undefined {
  if (!isManagedAssignment(assignment)) return undefined;
  const text = /;\s*expires-at:\s*([^;\s]+)/i.exec(
    assignment.description ?? '',
  )?.[1];
  return text && !Number.isNaN(Date.parse(text)) ? text : undefined;
}
