import type { NamespaceAccess } from '@aks-access/plugin-aks-access-common';
import type { GrantRow } from '../AccessTable/grantRows';

/**
 * The grants the entity's owners recertify: the standing grants made in its
 * namespaces (RoleBindings and namespace-scoped Azure role assignments),
 * managed or not. Cluster-wide grants belong to the cluster's owners, and
 * time-bound ones end by themselves.
 */
export function reviewableGrants(
  namespaces: readonly NamespaceAccess[],
): GrantRow[] {
  return namespaces.flatMap(({ cluster, namespace, grants }) =>
    grants
      .filter(
        grant =>
          grant.review !== undefined ||
          (grant.scope === 'namespace' &&
            !grant.expiresAt &&
            (grant.source === 'RoleBinding' ||
              grant.source === 'AzureRoleAssignment')),
      )
      .map(grant => ({ cluster, namespace, grant })),
  );
}
