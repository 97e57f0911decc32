import { ROLE_ASSIGNMENTS_PER_SUBSCRIPTION } from '../arm/roleAssignments';
import { subscriptionOf } from '../arm/scopes';
import type { SandboxUrls } from '../context';
import { servedSubscriptions } from '../state/clusters';
import type { ClusterState, SandboxState } from '../state/types';
import {
  grantBackendAzureAccess,
  grantBackendClusterAccess,
  grantOperatorOwner,
} from './backendAccess';
import { putRoleAssignment, roleDefinitionId, seedId } from './builders';
import { buildDemoState, newCluster } from './demo';
import { BUILTIN_ROLE_IDS, DEMO_GROUPS } from './demoWorld';
import {
  addBenchIdentity,
  addBenchNamespaces,
  addLargeDirectory,
  benchGroupId,
  benchNamespace,
  type BenchWorkload,
  LARGE_DIRECTORY,
} from './large';

/*
 * `--seed xlarge`, for the fleet-scale benchmarks (issue 23): the demo world
 * and the large seed's directory (50,000 users in 5,000 nested groups), over
 * 10 subscriptions of 3 clusters each (the demo's 3 and 27 more, Azure RBAC
 * and Kubernetes RBAC alternating), 100,000 namespaces with 1,000,000
 * RoleBindings, and each subscription's role assignments filled to just under
 * Azure's 4,000: past the policy's thresholds, so the budget findings fire,
 * and below ARM's refusal, so a write can still meet it.
 */

export interface XlargeScale extends BenchWorkload {
  subscriptions: number;
  clustersPerSubscription: number;
  /** Workload identities per subscription, one role assignment each. */
  identitiesPerSubscription: number;
  /** What each subscription holds in the end; grants to groups fill it up. */
  assignmentsPerSubscription: number;
}

export const XLARGE_SCALE: XlargeScale = {
  subscriptions: 10,
  clustersPerSubscription: 3,
  namespaces: 100_000,
  roleBindingsPerNamespace: 10,
  namespacesPerComponent: 4,
  identitiesPerSubscription: 200,
  assignmentsPerSubscription: ROLE_ASSIGNMENTS_PER_SUBSCRIPTION - 10,
};

/** The subscriptions after the demo's two. */
export const xlargeSubscriptionId = (s: number) =>
  seedId(`xlarge-subscription-${s}`);

const LOCATIONS = [
  'westeurope',
  'northeurope',
  'eastus',
  'westus2',
  'southeastasia',
];

export function buildXlargeState(
  urls: SandboxUrls,
  scale: XlargeScale = XLARGE_SCALE,
): SandboxState {
  const state = buildDemoState(urls);
  addLargeDirectory(state);
  const subscriptions = servedSubscriptions(state);
  for (let s = subscriptions.length; s < scale.subscriptions; s++)
    subscriptions.push(xlargeSubscriptionId(s));
  state.subscriptions = subscriptions;
  // Again, for the new subscriptions; the demo's assignments are re-put as they were.
  grantOperatorOwner(state);
  grantBackendAzureAccess(state);

  const bySubscription = subscriptions.map((subscriptionId, s) => {
    const own = Object.values(state.clusters).filter(
      c => c.record.subscriptionId === subscriptionId,
    );
    while (own.length < scale.clustersPerSubscription) {
      const fleet = Object.keys(state.clusters).length;
      const name = `aks-fleet-${String(fleet).padStart(2, '0')}`;
      const azureRbac = fleet % 2 === 0;
      const cluster = newCluster(
        {
          name,
          subscriptionId,
          resourceGroup: `rg-aks-fleet-${s}`,
          location: LOCATIONS[fleet % LOCATIONS.length],
          kubernetesVersion: '1.34.2',
          enableAzureRBAC: azureRbac,
          disableLocalAccounts: azureRbac,
          oidcIssuer: true,
          workloadIdentity: true,
          adminGroupObjectIDs: [DEMO_GROUPS.platformAdmins.objectId],
        },
        urls,
      );
      state.clusters[name] = cluster;
      grantBackendClusterAccess(state, cluster);
      own.push(cluster);
    }
    return own;
  });
  // Namespace n's cluster is `clusters[n % clusters.length]`: in subscription order.
  const clusters = bySubscription.flat();
  addBenchNamespaces(clusters, scale);

  const perCluster = Math.floor(scale.namespaces / clusters.length);
  const namespaceOn = (cluster: ClusterState, m: number) =>
    benchNamespace(
      clusters.indexOf(cluster) + clusters.length * (m % perCluster),
    );
  bySubscription.forEach((own, s) => {
    for (let k = 0; k < scale.identitiesPerSubscription; k++) {
      const cluster = own[k % own.length];
      addBenchIdentity(
        state,
        urls,
        `id-fleet-${s}-${String(k).padStart(4, '0')}`,
        cluster,
        namespaceOn(cluster, Math.floor(k / own.length)),
      );
    }
    fillBudget(
      state,
      subscriptions[s],
      own.filter(c => c.record.aadProfile?.enableAzureRBAC),
      namespaceOn,
      perCluster,
      scale.assignmentsPerSubscription,
    );
  });
  return state;
}

/**
 * Grants to bench groups on the subscription's Azure RBAC clusters, as the
 * plugin makes them: the namespace's role, plus the Cluster User Role on the
 * cluster for a group that does not hold it yet, until the subscription
 * holds `target` assignments.
 */
function fillBudget(
  state: SandboxState,
  subscriptionId: string,
  azureRbacClusters: ClusterState[],
  namespaceOn: (cluster: ClusterState, m: number) => string,
  perCluster: number,
  target: number,
) {
  if (!azureRbacClusters.length)
    throw new Error(`Subscription ${subscriptionId} has no Azure RBAC cluster`);
  const wanted = subscriptionId.toLowerCase();
  let count = Object.values(state.roleAssignments).filter(
    r => subscriptionOf(r.scope)?.toLowerCase() === wanted,
  ).length;
  const role = (guid: string) => roleDefinitionId(subscriptionId, guid);
  // A group granted on a second namespace of the cluster holds its Cluster
  // User Role already.
  const assign = (scope: string, roleId: string, group: string) => {
    const name = seedId(`${scope}|${roleId}|${group}`);
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    if (count >= target || state.roleAssignments[id.toLowerCase()]) return;
    putRoleAssignment(state, {
      name,
      scope,
      roleDefinitionId: roleId,
      principalId: group,
      principalType: 'Group',
    });
    count++;
  };
  // Grant k lands on namespace slot k % slots; each pass over the slots
  // grants to the next group, so every grant is a new assignment.
  const slots = azureRbacClusters.length * perCluster;
  for (let k = 0; count < target; k++) {
    const slot = k % slots;
    const pass = Math.floor(k / slots);
    const cluster = azureRbacClusters[slot % azureRbacClusters.length];
    const m = Math.floor(slot / azureRbacClusters.length);
    const group = benchGroupId((slot * 7 + pass) % LARGE_DIRECTORY.groups);
    assign(
      `${cluster.record.id}/namespaces/${namespaceOn(cluster, m)}`,
      role(m % 2 ? BUILTIN_ROLE_IDS.rbacReader : BUILTIN_ROLE_IDS.rbacWriter),
      group,
    );
    assign(cluster.record.id, role(BUILTIN_ROLE_IDS.clusterUser), group);
  }
}
