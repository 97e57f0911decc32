import { objectKey } from '../kubernetes/keys';
import { seedUrls } from './__testUtils__/seedUrls';
import type { SandboxState } from '../state/types';
import { buildDemoState } from './demo';
import {
  DEMO_CLUSTERS,
  DEMO_SUBSCRIPTION_ID,
  DEMO_TWIN_CLUSTER,
} from './demoWorld';
import {
  BENCH_CLUSTER,
  benchUserId,
  buildLargeState,
  LARGE_DIRECTORY,
  LARGE_SCALE,
} from './large';
import { DEMO_GROUPS } from './demoWorld';
import { transitiveGroupsOf, transitiveMembersOf } from '../entra/directory';

const urls = seedUrls;

describe('the large seed', () => {
  let state: SandboxState;
  beforeAll(() => {
    state = buildLargeState(urls);
  }, 120_000);

  it("adds a third, Azure RBAC cluster to the demo's first subscription; the demo keeps its own", () => {
    expect(Object.keys(state.clusters)).toEqual([
      DEMO_CLUSTERS.prod.name,
      DEMO_CLUSTERS.dev.name,
      DEMO_TWIN_CLUSTER.key,
      BENCH_CLUSTER.name,
    ]);
    expect(Object.keys(buildDemoState(urls).clusters)).toEqual([
      DEMO_CLUSTERS.prod.name,
      DEMO_CLUSTERS.dev.name,
      DEMO_TWIN_CLUSTER.key,
    ]);
    const bench = state.clusters[BENCH_CLUSTER.name];
    expect(bench.record).toMatchObject({
      id: `/subscriptions/${state.subscriptionId}/resourceGroups/${BENCH_CLUSTER.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${BENCH_CLUSTER.name}`,
      aadProfile: {
        managed: true,
        enableAzureRBAC: true,
        tenantID: state.tenantId,
      },
      disableLocalAccounts: true,
      oidcIssuerProfile: {
        enabled: true,
        issuerURL: urls.oidcIssuer(BENCH_CLUSTER.name),
      },
      workloadIdentityEnabled: true,
    });
    expect(
      bench.objects[
        objectKey(
          'rbac.authorization.k8s.io',
          'clusterroles',
          undefined,
          'view',
        )
      ],
    ).toBeDefined();
    expect(
      bench.objects[objectKey('', 'namespaces', undefined, 'kube-system')],
    ).toBeDefined();
  });

  it("spreads the bench data over the first subscription's three clusters, each pointing where the namespace is", () => {
    const clusters = Object.values(state.clusters).filter(
      c => c.record.subscriptionId === DEMO_SUBSCRIPTION_ID,
    );
    const counts = clusters.map(
      c =>
        Object.keys(c.objects).filter(k =>
          k.startsWith(objectKey('', 'namespaces', undefined, 'bench-')),
        ).length,
    );
    expect(counts.reduce((a, b) => a + b)).toBe(LARGE_SCALE.namespaces);
    for (const n of counts) expect(n).toBeGreaterThan(3_000);
    const bindings = clusters.map(
      c =>
        Object.values(c.objects).filter(
          o =>
            o.kind === 'RoleBinding' &&
            o.metadata.namespace?.startsWith('bench-'),
        ).length,
    );
    expect(bindings.reduce((a, b) => a + b)).toBe(
      LARGE_SCALE.namespaces * LARGE_SCALE.roleBindingsPerNamespace,
    );

    const byId = new Map(clusters.map(c => [c.record.id.toLowerCase(), c]));
    const bench = Object.values(state.roleAssignments).filter(r =>
      /\/namespaces\/bench-/.test(r.scope),
    );
    expect(bench).toHaveLength(LARGE_SCALE.identities);
    const perCluster = new Map<string, number>();
    for (const r of bench) {
      const [, clusterId, ns] = /^(.*)\/namespaces\/([^/]+)$/.exec(r.scope)!;
      const cluster = byId.get(clusterId.toLowerCase())!;
      expect(
        cluster.objects[objectKey('', 'namespaces', undefined, ns)],
      ).toBeDefined();
      perCluster.set(
        cluster.record.name,
        (perCluster.get(cluster.record.name) ?? 0) + 1,
      );
    }
    expect(perCluster.size).toBe(3);

    const identities = Object.values(state.identities).filter(i =>
      i.name.startsWith('id-bench-'),
    );
    expect(identities).toHaveLength(LARGE_SCALE.identities);
    for (const identity of identities) {
      const [fic] = identity.federatedIdentityCredentials;
      const cluster = clusters.find(
        c => urls.oidcIssuer(c.record.name) === fic.issuer,
      )!;
      const ns = fic.subject.split(':')[2];
      expect(
        cluster.objects[objectKey('', 'namespaces', undefined, ns)],
      ).toBeDefined();
      expect(identity.location).toBe(cluster.record.location);
    }
  });

  it('holds a tenant-sized directory: 50,000 users, 5,000 groups five deep, 5,000 users under team-payments, one user past the groups claim', () => {
    const { users, groups } = state.directory;
    expect(users.length).toBeGreaterThanOrEqual(LARGE_DIRECTORY.users);
    expect(groups.length).toBeGreaterThanOrEqual(LARGE_DIRECTORY.groups);
    const under = transitiveMembersOf(state, DEMO_GROUPS.teamPayments.objectId);
    const benchUsers = new Set(
      users
        .filter(u => u.displayName.startsWith('Bench User'))
        .map(u => u.objectId),
    );
    expect(under.filter(id => benchUsers.has(id))).toHaveLength(5_000);
    const wide = transitiveGroupsOf(state, benchUserId(0));
    expect(wide.length).toBeGreaterThan(200);
    const deepest = transitiveGroupsOf(state, benchUserId(4));
    expect(deepest).toContain(DEMO_GROUPS.teamPayments.objectId);
    expect(deepest).toHaveLength(LARGE_DIRECTORY.depth + 1);
  });
});
