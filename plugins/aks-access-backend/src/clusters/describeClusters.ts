import type { AccessIndex } from '../access/AccessIndex';
import type { ClusterSummary } from '../access/types';
import type { ClusterRegistry } from './ClusterRegistry';
import { authorizationModeOf, postureFindings, postureOf } from './posture';

export function describeClusters(registry: ClusterRegistry, index: AccessIndex): ClusterSummary[] {
  return registry.list().map(cluster => {
    const { record, config } = cluster;
    return {
      name: cluster.name,
      title: config.title ?? cluster.name,
      environment: config.environment,
      authorizationMode: record && authorizationModeOf(record),
      posture: record && postureOf(record),
      findings: record ? postureFindings(cluster, record) : [],
      status: index.status(cluster.name),
    };
  });
}
