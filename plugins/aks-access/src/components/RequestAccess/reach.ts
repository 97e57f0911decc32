import type {
  ClusterAccess,
  NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';
import { parseEntityRef } from '@backstage/catalog-model';
import type { Viewer } from '../../hooks/useViewer';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The user and every ref they own, lowercased: entity refs compare without case. */
function viewerRefs(viewer: Viewer): Set<string> {
  return new Set(
    [viewer.userEntityRef, ...viewer.ownershipEntityRefs].map(lower),
  );
}

/**
 * Whether a grant of a known level in the namespace, or a cluster-wide one
 * on its cluster, is to the viewer or one of their groups. Only what the catalog resolved
 * counts: a grant to an Entra group the catalog lacks may still reach them,
 * and the backend will say so if they ask anyway.
 */
export function viewerReaches(
  viewer: Viewer,
  namespace: NamespaceAccess,
  clusterGrants: readonly ClusterAccess[],
): boolean {
  const refs = viewerRefs(viewer);
  const grants = [
    ...namespace.grants,
    ...clusterGrants
      .filter(c => c.cluster === namespace.cluster)
      .flatMap(c => c.grants),
  ];
  // A grant of no known level (the Cluster User Role, which only fetches
  // credentials, or a custom role) is not a way into the namespace.
  return grants.some(
    g =>
      g.level !== 'custom' &&
      g.principal.entityRef &&
      refs.has(lower(g.principal.entityRef)),
  );
}

/** Who the viewer may ask for: themself first, then the groups they belong to. */
export function requestPrincipals(viewer: Viewer): string[] {
  const groups = viewer.ownershipEntityRefs.filter(ref => {
    try {
      return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
    } catch {
      return false;
    }
  });
  return [...new Set([viewer.userEntityRef, ...groups])];
}
