import {
  AKS_BUILTIN_ROLES,
  type ClusterAccess,
  type Grant,
  type GrantLevel,
  type GrantSource,
  type NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';

export interface GrantRow {
  cluster: string;
  /** Undefined for cluster-wide grants, which reach every namespace. */
  namespace?: string;
  grant: Grant;
}

export const SOURCE_LABELS: Record<GrantSource, string> = {
  RoleBinding: 'RoleBinding',
  ClusterRoleBinding: 'ClusterRoleBinding',
  AzureRoleAssignment: 'Azure role assignment',
  AadAdminGroup: 'Admin group',
};

/** Azure roles that reach no namespace object, named for what they let a person do. */
const CREDENTIAL_ROLES: Record<string, string> = {
  [AKS_BUILTIN_ROLES.clusterUser.roleName]: 'sign-in only',
  [AKS_BUILTIN_ROLES.namespaceUser.roleName]: 'sign-in only',
  [AKS_BUILTIN_ROLES.clusterAdmin.roleName]: 'admin credentials',
};

/**
 * A grant's level in words. The backend says "custom" for any role outside
 * the levels; the credential roles among them are named for what they do.
 */
export function levelLabel(level: GrantLevel, role?: string): string {
  if (level !== 'custom') return level;
  return (role && CREDENTIAL_ROLES[role]) ?? 'custom role';
}

export function principalLabel(grant: Grant): string {
  return grant.principal.displayName ?? grant.principal.id;
}

/**
 * One row per grant the backend lists: the namespaces' own grants, then the
 * cluster-wide ones, which the backend lists once per cluster.
 */
export function toGrantRows(
  namespaces: readonly NamespaceAccess[],
  clusterGrants: readonly ClusterAccess[],
): GrantRow[] {
  return [
    ...namespaces.flatMap(({ cluster, namespace, grants }) =>
      grants.map(grant => ({ cluster, namespace, grant })),
    ),
    ...clusterGrants.flatMap(({ cluster, grants }) =>
      grants.map(grant => ({ cluster, grant })),
    ),
  ];
}

export function standsOut(grant: Grant): boolean {
  return grant.scope === 'cluster' || grant.level === 'cluster-admin';
}

export interface GrantFilter {
  cluster?: string;
  level?: string;
  source?: string;
  principal: string;
}

export function filterGrantRows(
  rows: readonly GrantRow[],
  filter: GrantFilter,
): GrantRow[] {
  const search = filter.principal.trim().toLowerCase();
  return rows.filter(
    ({ cluster, grant }) =>
      (!filter.cluster || cluster === filter.cluster) &&
      (!filter.level || grant.level === filter.level) &&
      (!filter.source || grant.source === filter.source) &&
      (!search ||
        [
          grant.principal.displayName,
          grant.principal.id,
          grant.principal.entityRef,
        ].some(text => text?.toLowerCase().includes(search))),
  );
}
