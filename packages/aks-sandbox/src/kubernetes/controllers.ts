import type { ClusterObjects } from './clusterObjects';
import { aggregateClusterRoles, CLUSTER_ROLES, RBAC_GROUP } from './rbac';

/*
 * The controller-manager's work that clients see the effects of right after
 * their own requests, so it runs in the API server's process.
 */

const NAMESPACE_FINALIZE_MS = 300;

export interface Controllers {
  /**
   * The namespace controller: a deleted namespace stays Terminating briefly,
   * then its contents and the namespace itself go, as on a real cluster
   * (where `kubectl delete -f` can still delete what was in it meanwhile).
   */
  finalizeNamespaceLater(namespace: string): void;
  /** The ClusterRole aggregation controller, run until the roles are stable. */
  reconcileAggregation(): Promise<void>;
  stop(): void;
}

export function startControllers(objects: ClusterObjects): Controllers {
  const finalizers = new Set<NodeJS.Timeout>();

  function finalizeNamespaceLater(namespace: string) {
    const timer = setTimeout(() => {
      finalizers.delete(timer);
      objects
        .write([
          ...objects.namespacedContents(namespace),
          { group: '', resource: 'namespaces', name: namespace },
        ])
        .catch(() => undefined);
    }, NAMESPACE_FINALIZE_MS);
    finalizers.add(timer);
  }
  // A restart must not leave namespaces Terminating forever.
  for (const ns of objects.all('/namespaces'))
    if (ns.metadata.deletionTimestamp) finalizeNamespaceLater(ns.metadata.name);

  return {
    finalizeNamespaceLater,
    async reconcileAggregation() {
      for (let round = 0; round < 5; round++) {
        const changed = aggregateClusterRoles(objects.all(CLUSTER_ROLES));
        if (!changed.length) return;
        await objects.write(
          changed.map(role => ({
            group: RBAC_GROUP,
            resource: 'clusterroles',
            name: role.metadata.name,
            object: role,
          })),
        );
      }
    },
    stop() {
      for (const timer of finalizers) clearTimeout(timer);
    },
  };
}
