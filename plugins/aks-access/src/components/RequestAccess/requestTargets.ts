import type {
  AccessLevel,
  EntityViewerResponse,
  RequestablePrincipal,
  ViewerGrantCost,
} from '@aks-access/plugin-aks-access-common';

/** A namespace the viewer may ask for, with whom and which levels the backend allows there. */
export interface RequestTarget {
  cluster: string;
  namespace: string;
  principals: RequestablePrincipal[];
  levels: AccessLevel[];
  /** What a grant to the viewer here spends of Azure's role-assignment budget, as the backend counted it. */
  grantCost?: ViewerGrantCost;
}

export const targetKey = (t: { cluster: string; namespace: string }) =>
  `${t.cluster}/${t.namespace}`;

/** The namespaces the backend says the viewer may request, in its order. */
export function requestTargets(viewer: EntityViewerResponse): RequestTarget[] {
  return viewer.namespaces.flatMap(
    ({ cluster, namespace, request, grantCost }) =>
      request.allowed &&
      request.principals.length > 0 &&
      request.levels.length > 0
        ? [
            {
              cluster,
              namespace,
              principals: request.principals,
              levels: request.levels,
              ...(grantCost ? { grantCost } : {}),
            },
          ]
        : [],
  );
}
