import type {
  Grant,
  GrantSource,
  NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';

export interface GrantRow {
  /** Unique per row; a cluster-wide grant shows once per cluster. */
  id: string;
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

export function principalLabel(grant: Grant): string {
  return grant.principal.displayName ?? grant.principal.id;
}

/**
 * One row per grant. The backend repeats a cluster-wide grant under every
 * namespace it reaches; showing it once per cluster keeps the table honest.
 */
export function toGrantRows(
  namespaces: readonly NamespaceAccess[],
): GrantRow[] {
  const rows = new Map<string, GrantRow>();
  for (const { cluster, namespace, grants } of namespaces) {
    for (const grant of grants) {
      const clusterWide = grant.scope === 'cluster';
      // One binding can name several subjects, so the grant id alone is not unique.
      const id = [
        cluster,
        clusterWide ? '*' : namespace,
        grant.id,
        grant.principal.id,
      ].join('|');
      if (!rows.has(id)) {
        rows.set(id, {
          id,
          cluster,
          namespace: clusterWide ? undefined : namespace,
          grant,
        });
      }
    }
  }
  return [...rows.values()];
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
