import {
  AKS_BUILTIN_ROLES,
  BuiltinRole,
  roleDefinitionGuid,
} from './builtinRoles';

/** What self-service may grant, least to most privileged. */
export const ACCESS_LEVELS = ['read', 'write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * The level of an existing grant as the access view reports it; grants made
 * outside aks-access may be cluster-admin or use roles that map to no level.
 */
export type GrantLevel = AccessLevel | 'cluster-admin' | 'custom';

/** The Kubernetes ClusterRoles the access levels bind to. */
export type LevelClusterRole = 'view' | 'edit' | 'admin';

export interface AccessLevelMapping {
  level: AccessLevel;
  /** On kubernetes-rbac clusters: a RoleBinding in the namespace onto this ClusterRole. */
  clusterRole: LevelClusterRole;
  /** On azure-rbac clusters: a role assignment of this role at namespace scope. */
  azureRole: BuiltinRole;
}

export const ACCESS_LEVEL_MAPPINGS: Readonly<
  Record<AccessLevel, AccessLevelMapping>
> = {
  read: {
    level: 'read',
    clusterRole: 'view',
    azureRole: AKS_BUILTIN_ROLES.rbacReader,
  },
  write: {
    level: 'write',
    clusterRole: 'edit',
    azureRole: AKS_BUILTIN_ROLES.rbacWriter,
  },
  admin: {
    level: 'admin',
    clusterRole: 'admin',
    azureRole: AKS_BUILTIN_ROLES.rbacAdmin,
  },
};

export function isAccessLevel(value: unknown): value is AccessLevel {
  return (ACCESS_LEVELS as readonly unknown[]).includes(value);
}

/** The level a RoleBinding or ClusterRoleBinding onto `clusterRoleName` gives. */
export function grantLevelOfClusterRole(clusterRoleName: string): GrantLevel {
  if (clusterRoleName === 'cluster-admin') return 'cluster-admin';
  const mapping = Object.values(ACCESS_LEVEL_MAPPINGS).find(
    m => m.clusterRole === clusterRoleName,
  );
  return mapping?.level ?? 'custom';
}

/** The level an Azure role assignment of `roleDefinitionId` (id or GUID) gives. */
export function grantLevelOfAzureRole(roleDefinitionId: string): GrantLevel {
  const guid = roleDefinitionGuid(roleDefinitionId);
  if (guid === AKS_BUILTIN_ROLES.rbacClusterAdmin.guid) return 'cluster-admin';
  const mapping = Object.values(ACCESS_LEVEL_MAPPINGS).find(
    m => m.azureRole.guid === guid,
  );
  return mapping?.level ?? 'custom';
}
