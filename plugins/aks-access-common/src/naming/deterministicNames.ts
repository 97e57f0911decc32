import { v5 as uuidv5 } from 'uuid';
import type { AccessLevel } from '../roles/accessLevels';
import { ArmId, parseArmId } from '../arm/armId';
import { roleDefinitionGuid } from '../roles/builtinRoles';

/**
 * UUIDv5 namespace of managed role-assignment names. The sandbox seeds its
 * "already managed" assignments with the same namespace, so changing it makes
 * every existing managed assignment look foreign.
 */
export const ROLE_ASSIGNMENT_NAME_NAMESPACE =
  '0f0c63ef-1c0e-4b6a-8f3e-6a7b1d9a5c42';

const FIC_NAME_MAX = 120;
const IDENTITY_NAME_MAX = 128;

/**
 * The name (a GUID, as ARM requires) of the role assignment of one role to
 * one principal at one scope, so that re-running a grant finds its own
 * assignment instead of adding another. The role is hashed by its GUID
 * because ARM returns the definition id in more than one form.
 */
export function roleAssignmentName(
  scope: string,
  roleDefinitionId: string,
  principalId: string,
): string {
  const key = `${scope}|${roleDefinitionGuid(roleDefinitionId)}|${principalId}`;
  return uuidv5(key.toLowerCase(), ROLE_ASSIGNMENT_NAME_NAMESPACE);
}

/** One binding per (level, principal) in a namespace; `aks-access-write-36de95c4`. */
export function roleBindingName(
  level: AccessLevel,
  principalId: string,
): string {
  return `aks-access-${level}-${principalId.slice(0, 8).toLowerCase()}`;
}

/**
 * `fic-<cluster>-<namespace>-<serviceAccount>`, made to fit the FIC name rule.
 * Names that must be cut keep a hash of the full name so two long names do
 * not collide. FICs are matched on (issuer, subject), never on this name.
 */
export function ficName(
  cluster: string,
  namespace: string,
  serviceAccount: string,
): string {
  const full = `fic-${cluster}-${namespace}-${serviceAccount}`.replace(
    /[^a-zA-Z0-9_-]/g,
    '-',
  );
  if (full.length <= FIC_NAME_MAX) return full;
  const hash = uuidv5(full, ROLE_ASSIGNMENT_NAME_NAMESPACE).slice(0, 8);
  return `${full.slice(0, FIC_NAME_MAX - hash.length - 1)}-${hash}`;
}

/** The identity created for an entity when the request names none. */
export function defaultIdentityName(entityName: string): string {
  // Entity names may contain '.', which identity names may not.
  return `id-${entityName.replace(/[^a-zA-Z0-9_-]/g, '-')}`.slice(
    0,
    IDENTITY_NAME_MAX,
  );
}

export function aksClusterArmId(
  subscriptionId: string,
  resourceGroup: string,
  clusterName: string,
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${clusterName}`;
}

/**
 * How ARM names one namespace of a cluster: `namespaces` for any namespace
 * of an azure-rbac cluster (FACTS #11), `managedNamespaces` for an AKS
 * managed namespace, whose roles are assigned at its resource.
 */
export type AksNamespaceScopeForm = 'namespaces' | 'managedNamespaces';

/** Azure RBAC scope of one namespace of a cluster. */
export function aksNamespaceScope(
  clusterArmId: string,
  namespace: string,
  form: AksNamespaceScopeForm = 'namespaces',
): string {
  return `${clusterArmId.replace(/\/+$/, '')}/${form}/${namespace}`;
}

/** The namespace scope, parsed: the form the write path compares and sends to ARM. */
export function parseAksNamespaceScope(
  clusterArmId: string,
  namespace: string,
  form: AksNamespaceScopeForm = 'namespaces',
): ArmId {
  return parseArmId(
    aksNamespaceScope(clusterArmId, namespace, form),
    'namespace scope',
  );
}

/** The `sub` claim of a ServiceAccount token, and so the subject of its FIC. */
export function serviceAccountSubject(
  namespace: string,
  serviceAccount: string,
): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}
