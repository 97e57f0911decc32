import type { SandboxUrls } from '../context';
import type { SandboxState } from '../state/types';
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
} from './demo';
import {
  BUILTIN_ROLE_IDS,
  DEMO_GROUPS,
  DEMO_IDENTITY_RESOURCE_GROUP,
  DEMO_SUBSCRIPTION_ID,
  DEMO_TENANT_ID,
} from './demoWorld';

/*
 * `--scale large`, for benchmarks: the demo world plus a third cluster, then
 * 10,000 namespaces, 100,000 RoleBindings, 20,000 role assignments and 2,000
 * identities, spread over the three clusters. Deterministic names; generated
 * in a few seconds.
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
  identities: 2_000,
  assignmentsPerIdentity: 10,
};

export function buildLargeState(urls: SandboxUrls): SandboxState {
  const state = buildDemoState(urls);
  state.clusters[BENCH_CLUSTER.name] = newCluster(BENCH_CLUSTER, urls);
  grantBackendClusterAccess(state, state.clusters[BENCH_CLUSTER.name]);
  const clusters = Object.values(state.clusters);
  const roles = ['view', 'edit', 'admin'];
  // Namespace bench-NNNNN lives on one cluster; its FICs and role assignments point there.
  const nsName = (n: number) =>
    `bench-${String(n % LARGE_SCALE.namespaces).padStart(5, '0')}`;
  const clusterOf = (n: number) =>
    clusters[(n % LARGE_SCALE.namespaces) % clusters.length];

  for (let i = 0; i < LARGE_SCALE.namespaces; i++) {
    const cluster = clusterOf(i);
    const ns = nsName(i);
    putObject(
      cluster,
      namespace(ns, {
        'backstage.io/kubernetes-id': `bench-component-${i % 2_500}`,
      }),
    );
    for (let j = 0; j < LARGE_SCALE.roleBindingsPerNamespace; j++) {
      putObject(
        cluster,
        binding(
          'RoleBinding',
          `bench-binding-${j}`,
          ns,
          { kind: 'ClusterRole', name: roles[j % roles.length] },
          [
            {
              kind: 'Group',
              name: seedId(`bench-group-${(i * 7 + j) % 1_000}`),
            },
          ],
          { 'app.kubernetes.io/managed-by': 'aks-access' },
        ),
      );
    }
  }

  for (let i = 0; i < LARGE_SCALE.identities; i++) {
    const name = `id-bench-${String(i).padStart(4, '0')}`;
    const cluster = clusterOf(i * 5);
    const record = {
      id: `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/${DEMO_IDENTITY_RESOURCE_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
      name,
      location: cluster.record.location,
      subscriptionId: DEMO_SUBSCRIPTION_ID,
      resourceGroup: DEMO_IDENTITY_RESOURCE_GROUP,
      tags: { 'managed-by': 'aks-access' },
      clientId: seedId(`client:${name}`),
      principalId: seedId(`principal:${name}`),
      tenantId: DEMO_TENANT_ID,
      federatedIdentityCredentials: [],
    };
    const ns = nsName(i * 5);
    addFederatedCredential(
      record,
      `fic-${cluster.record.name}-${ns}`,
      urls.oidcIssuer(cluster.record.name),
      `system:serviceaccount:${ns}:workload`,
    );
    addIdentity(state, record);
    for (let j = 0; j < LARGE_SCALE.assignmentsPerIdentity; j++) {
      const scope = `${clusterOf(i * 5 + j).record.id}/namespaces/${nsName(
        i * 5 + j,
      )}`;
      const roleId = roleDefinitionId(
        DEMO_SUBSCRIPTION_ID,
        j % 2 ? BUILTIN_ROLE_IDS.rbacReader : BUILTIN_ROLE_IDS.rbacWriter,
      );
      putRoleAssignment(state, {
        name: seedId(`${scope}|${roleId}|${record.principalId}`),
        scope,
        roleDefinitionId: roleId,
        principalId: record.principalId,
        principalType: 'ServicePrincipal',
      });
    }
  }
  return state;
}
