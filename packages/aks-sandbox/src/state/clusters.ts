import type { ClusterState, SandboxState } from './types';

/** Every subscription the sandbox serves: `subscriptionId` first, then the others a seed added. */
export function servedSubscriptions(state: SandboxState): string[] {
  return [
    state.subscriptionId,
    ...(state.subscriptions ?? []).filter(
      s => s.toLowerCase() !== state.subscriptionId.toLowerCase(),
    ),
  ];
}

/**
 * The cluster's key in `state.clusters`, which names its API server and OIDC
 * issuer URLs. It is the ARM name unless another subscription already holds
 * a cluster of that name, so it is looked up, never derived from the record.
 */
export function clusterKeyOf(
  state: SandboxState,
  cluster: ClusterState,
): string {
  const id = cluster.record.id.toLowerCase();
  const entry = Object.entries(state.clusters).find(
    ([, c]) => c === cluster || c.record.id.toLowerCase() === id,
  );
  return entry?.[0] ?? cluster.record.name;
}
