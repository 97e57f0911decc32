import type { AccessIndex } from '../access/AccessIndex';
import type { ClusterSummary } from '@aks-access/plugin-aks-access-common';
import type { ClusterRegistry } from './ClusterRegistry';
import { authorizationModeOf, postureOf } from './posture';
import { postureFindings } from '../findings/posture';

export function describeClusters(
  registry: ClusterRegistry,
  index: AccessIndex,
): ClusterSummary[] {
  // A cluster ARM never answered for has no posture to show; its status says why.
  return registry.list().flatMap(cluster => {
    const { record, config } = cluster;
    if (!record) return [];
    return [
      {
        name: cluster.name,
        title: config.title ?? cluster.name,
        environment: config.environment ?? '',
        authorizationMode: authorizationModeOf(record),
        namespaceProvisioning: config.namespaceProvisioning ?? 'kubernetes',
        posture: postureOf(record),
        findings: postureFindings(cluster, record),
        status: index.status(cluster.name),
      },
    ];
  });
}
