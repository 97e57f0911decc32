import { ROLE_ASSIGNMENTS_PER_SUBSCRIPTION } from '../arm/roleAssignments';
import { subscriptionOf } from '../arm/scopes';
import { seedUrls } from './__testUtils__/seedUrls';
import { objectKey } from '../kubernetes/keys';
import { servedSubscriptions } from '../state/clusters';
import type { SandboxState } from '../state/types';
import { DEMO_SUBSCRIPTION_ID } from './demoWorld';
import { LARGE_DIRECTORY } from './large';
import { buildXlargeState, XLARGE_SCALE, type XlargeScale } from './xlarge';

const urls = seedUrls;

it("states the issue's fleet: 30 clusters over 10 subscriptions, 100,000 namespaces, 1,000,000 RoleBindings, just under Azure's budget", () => {
  const s = XLARGE_SCALE;
  expect(s.subscriptions * s.clustersPerSubscription).toBe(30);
  expect(s.subscriptions).toBe(10);
  expect(s.namespaces).toBe(100_000);
  expect(s.namespaces * s.roleBindingsPerNamespace).toBe(1_000_000);
  expect(s.assignmentsPerSubscription).toBeLessThan(
    ROLE_ASSIGNMENTS_PER_SUBSCRIPTION,
  );
  // The policy's default refusal threshold (95%) is crossed.
  expect(s.assignmentsPerSubscription).toBeGreaterThan(
    ROLE_ASSIGNMENTS_PER_SUBSCRIPTION * 0.95,
  );
});

// The full seed takes ~20 s; the same generator with the namespaces scaled
// down has every subscription, cluster, identity and assignment of it.
describe('the xlarge seed, with fewer namespaces', () => {
  const scale: XlargeScale = {
    ...XLARGE_SCALE,
    namespaces: 3_000,
    roleBindingsPerNamespace: 2,
  };
  let state: SandboxState;
  beforeAll(() => {
    state = buildXlargeState(urls, scale);
  }, 60_000);

  it('serves its subscriptions, each holding its clusters, some Azure RBAC and some Kubernetes RBAC', () => {
    const subscriptions = servedSubscriptions(state);
    expect(subscriptions).toHaveLength(scale.subscriptions);
    expect(subscriptions[0]).toBe(DEMO_SUBSCRIPTION_ID);
    const clusters = Object.values(state.clusters);
    for (const subscription of subscriptions)
      expect(
        clusters.filter(c => c.record.subscriptionId === subscription),
      ).toHaveLength(scale.clustersPerSubscription);
    const azureRbac = clusters.filter(
      c => c.record.aadProfile?.enableAzureRBAC,
    );
    expect(azureRbac.length).toBeGreaterThan(clusters.length / 3);
    expect(azureRbac.length).toBeLessThan(clusters.length);
    expect(new Set(clusters.map(c => c.record.id.toLowerCase())).size).toBe(
      clusters.length,
    );
  });

  it('spreads the namespaces and their RoleBindings over every cluster', () => {
    const prefix = objectKey('', 'namespaces', undefined, 'bench-');
    const counts = Object.values(state.clusters).map(
      c => Object.keys(c.objects).filter(k => k.startsWith(prefix)).length,
    );
    expect(counts.reduce((a, b) => a + b)).toBe(scale.namespaces);
    expect(Math.min(...counts)).toBe(scale.namespaces / counts.length);
    const bindings = Object.values(state.clusters).reduce(
      (n, c) =>
        n +
        Object.values(c.objects).filter(
          o =>
            o.kind === 'RoleBinding' &&
            o.metadata.namespace?.startsWith('bench-'),
        ).length,
      0,
    );
    expect(bindings).toBe(scale.namespaces * scale.roleBindingsPerNamespace);
  });

  it("fills each subscription's role assignments to the target, on scopes that exist there", () => {
    const perSubscription = new Map<string, number>();
    for (const r of Object.values(state.roleAssignments)) {
      const s = subscriptionOf(r.scope)!.toLowerCase();
      perSubscription.set(s, (perSubscription.get(s) ?? 0) + 1);
      expect(r.roleDefinitionId.toLowerCase()).toContain(
        `/subscriptions/${s}/`,
      );
    }
    expect(
      servedSubscriptions(state).map(s => perSubscription.get(s.toLowerCase())),
    ).toEqual(
      Array(scale.subscriptions).fill(scale.assignmentsPerSubscription),
    );

    const byId = new Map(
      Object.values(state.clusters).map(c => [c.record.id.toLowerCase(), c]),
    );
    const groups = Object.values(state.roleAssignments).filter(
      r => r.principalType === 'Group' && r.scope.includes('/namespaces/'),
    );
    expect(groups.length).toBeGreaterThan(scale.subscriptions * 1_000);
    for (const r of groups) {
      const [, clusterId, ns] = /^(.*)\/namespaces\/([^/]+)$/.exec(r.scope)!;
      const cluster = byId.get(clusterId.toLowerCase())!;
      expect(cluster.record.aadProfile?.enableAzureRBAC).toBe(true);
      expect(
        cluster.objects[objectKey('', 'namespaces', undefined, ns)],
      ).toBeDefined();
    }
  });

  it("keeps each workload identity in its cluster's subscription, federated with a namespace there", () => {
    const identities = Object.values(state.identities).filter(i =>
      i.name.startsWith('id-fleet-'),
    );
    expect(identities).toHaveLength(
      scale.subscriptions * scale.identitiesPerSubscription,
    );
    for (const identity of identities) {
      const [fic] = identity.federatedIdentityCredentials;
      const [key, cluster] = Object.entries(state.clusters).find(
        ([k]) => urls.oidcIssuer(k) === fic.issuer,
      )!;
      expect(key).toBeDefined();
      expect(cluster.record.subscriptionId).toBe(identity.subscriptionId);
      const ns = fic.subject.split(':')[2];
      expect(
        cluster.objects[objectKey('', 'namespaces', undefined, ns)],
      ).toBeDefined();
    }
  });

  it("holds the large seed's directory", () => {
    expect(state.directory.users.length).toBeGreaterThanOrEqual(
      LARGE_DIRECTORY.users,
    );
    expect(state.directory.groups.length).toBeGreaterThanOrEqual(
      LARGE_DIRECTORY.groups,
    );
  });
});
