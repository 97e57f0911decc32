import type { AccessPath } from '@aks-access/plugin-aks-access-common';

const SOURCES: Record<AccessPath['source'], string> = {
  RoleBinding: 'RoleBinding',
  ClusterRoleBinding: 'ClusterRoleBinding',
  AzureRoleAssignment: 'Azure role assignment',
  AadAdminGroup: "the cluster's Entra admin group",
};

/**
 * One line an agent can quote: `Frank Fischer → payments-oncall →
 * team-payments: write through RoleBinding (edit, namespace)`.
 */
export function pathSummary(who: string, path: AccessPath): string {
  const chain = [who, ...path.via.map(g => g.displayName ?? g.id)];
  const through =
    path.source === 'AadAdminGroup'
      ? SOURCES.AadAdminGroup
      : `${SOURCES[path.source]} (${path.role}, ${path.scope}${
          path.inheritedFrom ? `, inherited from ${path.inheritedFrom}` : ''
        })`;
  const ends = path.expiresAt ? `, until ${path.expiresAt}` : '';
  return `${chain.join(' → ')}: ${path.level} through ${through}${ends}`;
}
