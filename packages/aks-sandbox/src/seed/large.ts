import type { SandboxUrls } from '../context';
import { clusterKeyOf } from '../state/clusters';
import type { ClusterState, KubeObject, SandboxState } from '../state/types';
import { grantBackendClusterAccess } from './backendAccess';
import {
  binding,
  namespace,
  putObject,
  putRoleAssignment,
  roleDefinitionId,
  seedId,
} from './builders';
import {
  addFederatedCredential,
  addIdentity,
  buildDemoState,
  type ClusterSpec,
  newCluster,
  userToken,
} from './demo';
import {
  BUILTIN_ROLE_IDS,
  DEMO_GROUPS,
  DEMO_IDENTITY_RESOURCE_GROUP,
  DEMO_SUBSCRIPTION_ID,
  DEMO_TENANT_ID,
  DEMO_UPN_DOMAIN,
} from './demoWorld';

/*
 * `--scale large`, for benchmarks: the demo world plus a third cluster, then
 * 10,000 namespaces, 100,000 RoleBindings, 2,000 identities with a role
 * assignment each (in the one subscription, inside Azure's budget of 4,000,
 * which the sandbox enforces), spread over the three clusters, and a directory of 50,000
 * users and 5,000 nested groups (LARGE_DIRECTORY). Deterministic names; generated
 * in a few seconds. The xlarge seed (xlarge.ts) spreads the same kinds of
 * data, made by the same generators, over a fleet.
 */

/** Only in the large world, so the demo keeps the catalog's two clusters: Entra + Azure RBAC like prod. */
export const BENCH_CLUSTER: ClusterSpec = {
  name: 'aks-bench-eus',
  resourceGroup: 'rg-aks-bench',
  location: 'eastus',
  kubernetesVersion: '1.34.2',
  enableAzureRBAC: true,
  disableLocalAccounts: true,
  oidcIssuer: true,
  workloadIdentity: true,
  adminGroupObjectIDs: [DEMO_GROUPS.platformAdmins.objectId],
};

export const LARGE_SCALE = {
  namespaces: 10_000,
  roleBindingsPerNamespace: 10,
  namespacesPerComponent: 4,
  identities: 2_000,
};

/**
 * The directory of a large tenant: users in groups of trees five deep
 * (group `bench-group-N` is a member of `bench-group-(N-1)` unless N is a
 * multiple of five, which is a tree's root), ten users per group. The roots
 * of the first 100 trees are members of team-payments, so 5,000 users reach
 * payments-api's namespaces through one to five levels of nesting. The
 * first user is in 250 groups directly (1,250 with their parents), past
 * Entra's 200-group limit for the groups claim.
 */
export const LARGE_DIRECTORY = {
  users: 50_000,
  groups: 5_000,
  depth: 5,
  treesInTeamPayments: 100,
  wideUserGroups: 250,
};

export const benchUserId = (i: number) => seedId(`bench-user-${i}`);
export const benchGroupId = (k: number) => seedId(`bench-group-${k}`);

export function addLargeDirectory(state: SandboxState) {
  const { users, groups, depth, treesInTeamPayments, wideUserGroups } =
    LARGE_DIRECTORY;
  const members: string[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < users; i++) {
    const id = benchUserId(i);
    state.directory.users.push({
      objectId: id,
      userPrincipalName: `bench-user-${i}@${DEMO_UPN_DOMAIN}`,
      displayName: `Bench User ${i}`,
      token: userToken(`bench-user-${i}`),
    });
    members[i % groups].push(id);
  }
  // The wide user: one leaf per tree, in the trees after team-payments'.
  for (let t = 0; t < wideUserGroups; t++)
    members[(treesInTeamPayments + t) * depth + depth - 1].push(benchUserId(0));
  for (let k = 0; k < groups; k++)
    if (k % depth) members[k - 1].push(benchGroupId(k));
  for (let k = 0; k < groups; k++) {
    state.directory.groups.push({
      objectId: benchGroupId(k),
      displayName: `bench-group-${k}`,
      members: members[k],
    });
  }
  const teamPayments = state.directory.groups.find(
    g => g.objectId === DEMO_GROUPS.teamPayments.objectId,
  )!;
  for (let t = 0; t < treesInTeamPayments; t++)
    teamPayments.members.push(benchGroupId(t * depth));
}

/** How much bench data a seed spreads over its clusters. */
export interface BenchWorkload {
  namespaces: number;
  roleBindingsPerNamespace: number;
  /** How many namespaces each bench component's kubernetes-id labels. */
  namespacesPerComponent: number;
}

/** Five digits: enough for the xlarge seed's 100,000. */
export const benchNamespace = (n: number) =>
  `bench-${String(n).padStart(5, '0')}`;

const BENCH_ROLES = ['view', 'edit', 'admin'];

/**
 * Namespace n lives on `clusters[n % clusters.length]`, with its RoleBindings
 * to bench groups. Bindings that differ only in their namespace share their
 * roleRef, subjects and labels: a million of them fit in a few hundred MB.
 */
export function addBenchNamespaces(
  clusters: ClusterState[],
  workload: BenchWorkload,
): void {
  const components = Math.ceil(
    workload.namespaces / workload.namespacesPerComponent,
  );
  const templates = new Map<string, KubeObject>();
  const template = (j: number, group: number) => {
    const key = `${j}|${group}`;
    let t = templates.get(key);
    if (!t) {
      t = binding(
        'RoleBinding',
        `bench-binding-${j}`,
        undefined,
        { kind: 'ClusterRole', name: BENCH_ROLES[j % BENCH_ROLES.length] },
        [{ kind: 'Group', name: benchGroupId(group) }],
        { 'app.kubernetes.io/managed-by': 'aks-access' },
      );
      templates.set(key, t);
    }
    return t;
  };
  for (let i = 0; i < workload.namespaces; i++) {
    const cluster = clusters[i % clusters.length];
    const ns = benchNamespace(i);
    putObject(
      cluster,
      namespace(ns, {
        'backstage.io/kubernetes-id': `bench-component-${i % components}`,
      }),
    );
    for (let j = 0; j < workload.roleBindingsPerNamespace; j++) {
      const t = template(j, (i * 7 + j) % 1_000);
      putObject(cluster, {
        ...t,
        metadata: {
          name: t.metadata.name,
          namespace: ns,
          labels: t.metadata.labels,
        },
      });
    }
  }
}

/**
 * A workload identity in its cluster's subscription, federated with a
 * ServiceAccount of namespace `ns`, with one role assignment there.
 */
export function addBenchIdentity(
  state: SandboxState,
  urls: SandboxUrls,
  name: string,
  cluster: ClusterState,
  ns: string,
): void {
  const { subscriptionId } = cluster.record;
  const record = {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${DEMO_IDENTITY_RESOURCE_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    name,
    location: cluster.record.location,
    subscriptionId,
    resourceGroup: DEMO_IDENTITY_RESOURCE_GROUP,
    tags: { 'managed-by': 'aks-access' },
    clientId: seedId(`client:${name}`),
    principalId: seedId(`principal:${name}`),
    tenantId: DEMO_TENANT_ID,
    federatedIdentityCredentials: [],
  };
  addFederatedCredential(
    record,
    `fic-${cluster.record.name}-${ns}`,
    urls.oidcIssuer(clusterKeyOf(state, cluster)),
    `system:serviceaccount:${ns}:workload`,
  );
  addIdentity(state, record);
  const scope = `${cluster.record.id}/namespaces/${ns}`;
  const roleId = roleDefinitionId(subscriptionId, BUILTIN_ROLE_IDS.rbacWriter);
  putRoleAssignment(state, {
    name: seedId(`${scope}|${roleId}|${record.principalId}`),
    scope,
    roleDefinitionId: roleId,
    principalId: record.principalId,
    principalType: 'ServicePrincipal',
  });
}

export function buildLargeState(urls: SandboxUrls): SandboxState {
  const state = buildDemoState(urls);
  addLargeDirectory(state);
  state.clusters[BENCH_CLUSTER.name] = newCluster(BENCH_CLUSTER, urls);
  grantBackendClusterAccess(state, state.clusters[BENCH_CLUSTER.name]);
  // The first subscription's clusters, so its figures stay comparable
  // with earlier runs; the twin in the second stays as the demo has it.
  const clusters = Object.values(state.clusters).filter(
    c => c.record.subscriptionId === DEMO_SUBSCRIPTION_ID,
  );
  addBenchNamespaces(clusters, LARGE_SCALE);
  for (let i = 0; i < LARGE_SCALE.identities; i++) {
    const n = (i * 5) % LARGE_SCALE.namespaces;
    addBenchIdentity(
      state,
      urls,
      `id-bench-${String(i).padStart(4, '0')}`,
      clusters[n % clusters.length],
      benchNamespace(n),
    );
  }
  return state;
}
