import {
  ACCESS_LEVEL_MAPPINGS,
  AccessLevel,
  AuthorizationMode,
} from '@aks-access/plugin-aks-access-common';

/** What each level lets a person do, in the words of the ClusterRoles it binds. */
export const LEVEL_DESCRIPTIONS: Record<AccessLevel, string> = {
  read: 'See most objects in the namespace and read pod logs. No Secrets, no changes.',
  write:
    'Deploy and change workloads, Services, ConfigMaps and Secrets. Cannot change Roles or RoleBindings.',
  admin:
    'Everything inside the namespace, including Roles and RoleBindings. Not the namespace itself or its quota.',
};

/** The concrete object a grant of `level` creates on a cluster of `mode`. */
export function levelMapsTo(
  level: AccessLevel,
  mode: AuthorizationMode | undefined,
): string {
  const { clusterRole, azureRole } = ACCESS_LEVEL_MAPPINGS[level];
  const kubernetes = `RoleBinding onto ClusterRole "${clusterRole}"`;
  const azure = `Azure role assignment of "${azureRole.roleName}" at namespace scope`;
  if (mode === 'kubernetes-rbac') return kubernetes;
  if (mode === 'azure-rbac') return azure;
  return `${kubernetes} on Kubernetes RBAC clusters; ${azure} on Azure RBAC clusters`;
}
