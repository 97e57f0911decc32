import type { AccessIndex } from '../access/AccessIndex';
import type { ClusterSummary } from '@aks-access/plugin-aks-access-common';
import type { ClusterRegistry } from './ClusterRegistry';
import { authorizationModeOf, budgetOf, postureOf } from './posture';
import type { Guardrails } from '../policy/Guardrails';
import { postureFindings } from '../findings/posture';

export function describeClusters(
  registry: ClusterRegistry,
  index: AccessIndex,
  guardrails: Guardrails,
): ClusterSummary[] {
  // A cluster ARM never answered for has no posture to show; its status says why.
  return registry.list().flatMap(cluster => {
    const { record, config } = cluster;
    if (!record) return [];
    const budget = budgetOf(cluster, index, guardrails);
    return [
      {
        name: cluster.name,
        armId: cluster.armId,
        subscriptionId: config.subscriptionId,
        title: config.title ?? cluster.name,
        environment: config.environment ?? '',
        authorizationMode: authorizationModeOf(record),
        namespaceProvisioning: config.namespaceProvisioning ?? 'kubernetes',
        posture: postureOf(record, budget),
        findings: postureFindings(cluster, record, budget),
        status: index.status(cluster.name),
      },
    ];
  });
}
