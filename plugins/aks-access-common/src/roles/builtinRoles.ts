import type { BuiltinRole } from './builtinRoleTypes';
import { BUILTIN_ROLES } from './builtinRoles.generated';

export type { BuiltinRole } from './builtinRoleTypes';
export { BUILTIN_ROLES } from './builtinRoles.generated';

const GUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a bare GUID such as an Entra object id or a role definition name. */
export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

/**
 * The GUID of a role definition id. ARM returns the same definition as
 * `/providers/…/roleDefinitions/<guid>` or `/subscriptions/<sub>/providers/…`,
 * so comparisons must use the GUID alone.
 */
export function roleDefinitionGuid(roleDefinitionId: string): string {
  return roleDefinitionId.split('/').pop()!.toLowerCase();
}

/**
 * Looks up a built-in role by its exact display name, its GUID or a full role
 * definition id. Names are exact because `az role assignment create --role`
 * and the policy's allowedRoles compare them so.
 */
export function findBuiltinRole(nameOrGuid: string): BuiltinRole | undefined {
  const byName = BUILTIN_ROLES.find(r => r.roleName === nameOrGuid);
  if (byName) return byName;
  const guid = roleDefinitionGuid(nameOrGuid);
  return isGuid(guid) ? BUILTIN_ROLES.find(r => r.guid === guid) : undefined;
}

/**
 * The real role name for a name that people (and the guide this product is
 * based on) commonly get wrong: "… RBAC Writer Role" for "… RBAC Writer",
 * the retired "… RBAC Viewer" for "… RBAC Reader", or wrong letter case.
 */
export function suggestBuiltinRoleName(name: string): string | undefined {
  const lower = name.trim().toLowerCase();
  const candidates = [
    lower,
    lower.replace(/ role$/, ''),
    `${lower} role`,
    lower.replace(/ viewer\b/, ' reader'),
  ];
  for (const candidate of candidates) {
    const role = BUILTIN_ROLES.find(
      r => r.roleName.toLowerCase() === candidate,
    );
    if (role && role.roleName !== name) return role.roleName;
  }
  return undefined;
}

function builtinRole(roleName: string): BuiltinRole {
  const role = findBuiltinRole(roleName);
  if (!role) throw new Error(`Built-in role table lacks "${roleName}"`);
  return role;
}

/** The AKS built-in roles aks-access assigns or recognises. */
export const AKS_BUILTIN_ROLES = {
  rbacReader: builtinRole('Azure Kubernetes Service RBAC Reader'),
  rbacWriter: builtinRole('Azure Kubernetes Service RBAC Writer'),
  rbacAdmin: builtinRole('Azure Kubernetes Service RBAC Admin'),
  rbacClusterAdmin: builtinRole('Azure Kubernetes Service RBAC Cluster Admin'),
  /** Lets `az aks get-credentials` fetch a user kubeconfig; every grant ensures it. */
  clusterUser: builtinRole('Azure Kubernetes Service Cluster User Role'),
  /**
   * At a managed namespace: lets `az aks namespace get-credentials` fetch
   * its kubeconfig, in place of the Cluster User Role.
   */
  namespaceUser: builtinRole('Azure Kubernetes Service Namespace User'),
  /** Fetches the local admin kubeconfig; over-broad when held by a team. */
  clusterAdmin: builtinRole('Azure Kubernetes Service Cluster Admin Role'),
} as const;
