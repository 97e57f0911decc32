import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterObjects } from './kubernetesObjects';

const byKubeConfig = new WeakMap<KubeConfig, ClusterObjects>();

/**
 * One ClusterObjects per cluster connection. Its client learns the API
 * server's resources (a discovery call per API group) on first use; made
 * afresh per operation, every operation paid that round trip again.
 */
export function clusterObjectsFor(
  cluster: string,
  kubeConfig: KubeConfig,
): ClusterObjects {
  let objects = byKubeConfig.get(kubeConfig);
  if (!objects) {
    objects = new ClusterObjects(cluster, kubeConfig);
    byKubeConfig.set(kubeConfig, objects);
  }
  return objects;
}
