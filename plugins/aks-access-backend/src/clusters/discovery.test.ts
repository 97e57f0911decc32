import request from 'supertest';
import {
  aksClusterArmId,
  aksNamespaceScope,
} from '@aks-access/plugin-aks-access-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  api,
  demoWorld,
  embeddedSandboxOn,
  examplePolicy,
  startAksAccessTestBackend,
  testScheduler,
  useBackendOnSandboxOnDisk,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(60_000);

/*
 * No cluster configured: the backend lists the subscription's AKS clusters
 * in ARM, keys them on their ARM ids, and reaches them where the environment
 * (here the sandbox) says; the access view then works on them as on
 * configured ones.
 */
describe('clusters found in ARM', () => {
  let backend: Awaited<ReturnType<typeof startAksAccessTestBackend>>;
  const get = (path: string) =>
    request(backend.server)
      .get(`/api/aks-access${path}`)
      .set('authorization', mockCredentials.user.header());
  beforeAll(async () => {
    backend = await startAksAccessTestBackend({
      aksAccess: {
        clusters: [],
        discovery: { subscriptions: [demoWorld.DEMO_SUBSCRIPTION_ID] },
      },
    });
  });
  afterAll(() => backend.stop());

  it('finds both demo clusters with their ARM record and serves the access view from them', async () => {
    const clusters = await get('/clusters');
    expect(clusters.status).toBe(200);
    expect(
      clusters.body.items.map((c: any) => [
        c.name,
        c.authorizationMode,
        c.status.reachable,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['aks-prod-weu', 'azure-rbac', true],
        ['aks-dev-neu', 'kubernetes-rbac', true],
      ]),
    );
    // Named from ARM: the cluster, its resource group and subscription.
    const sub = demoWorld.DEMO_SUBSCRIPTION_ID.slice(0, 8);
    expect(
      clusters.body.items.find((c: any) => c.name === 'aks-prod-weu').title,
    ).toBe(
      `aks-prod-weu (${demoWorld.DEMO_CLUSTERS.prod.resourceGroup}, ${sub})`,
    );
    const view = await get('/entities/component/default/payments-api/access');
    expect(view.status).toBe(200);
    expect(
      view.body.namespaces.map((n: any) => `${n.cluster}/${n.namespace}`),
    ).toEqual(
      expect.arrayContaining([
        'aks-prod-weu/payments-api',
        'aks-dev-neu/payments-api',
      ]),
    );
  });
});

/*
 * Discovery over the demo's two subscriptions: the second holds a cluster
 * with the prod cluster's very name and resource group. Each shows under
 * its own ARM id, every job works on each, and the scheduled re-read
 * follows ARM when a cluster leaves and comes back.
 */
describe('clusters found in two subscriptions', () => {
  const { DEMO_SUBSCRIPTION_ID, DEMO_SECOND_SUBSCRIPTION_ID, DEMO_CLUSTERS } =
    demoWorld;
  const scheduler = testScheduler();
  const sub8 = (s: string) => s.slice(0, 8);
  // The first subscription's keeps the name; the second's is told apart.
  const first = 'aks-prod-weu';
  const second = `aks-prod-weu-${sub8(DEMO_SECOND_SUBSCRIPTION_ID)}`;
  /** The ARM id of the subscription's aks-prod-weu. */
  const prodIn = (subscription: string) =>
    aksClusterArmId(
      subscription,
      DEMO_CLUSTERS.prod.resourceGroup,
      DEMO_CLUSTERS.prod.name,
    );
  const policy = examplePolicy() as { workloadIdentity: object };
  const ctx = useBackendOnSandboxOnDisk({
    aksAccess: {
      clusters: [],
      discovery: {
        subscriptions: [DEMO_SUBSCRIPTION_ID, DEMO_SECOND_SUBSCRIPTION_ID],
      },
      // The second subscription's cluster keeps its identities at home.
      policy: {
        ...policy,
        workloadIdentity: {
          ...policy.workloadIdentity,
          clusters: {
            [second]: {
              subscriptionId: DEMO_SECOND_SUBSCRIPTION_ID,
              resourceGroup: 'rg-aks-identities',
              location: 'westeurope',
            },
          },
        },
      },
    },
    features: [scheduler.factory],
  });
  const clusterNames = async () =>
    (await api(ctx.backend).get('/clusters')).body.items
      .map((c: any) => c.name)
      .sort();

  it('shows a name two subscriptions share twice, each under its ARM id', async () => {
    const res = await api(ctx.backend).get('/clusters');
    expect(res.status).toBe(200);
    const byName = new Map(res.body.items.map((c: any) => [c.name, c]));
    expect([...byName.keys()].sort()).toEqual(
      ['aks-dev-neu', first, second].sort(),
    );
    expect(byName.get(first)).toMatchObject({
      armId: prodIn(DEMO_SUBSCRIPTION_ID),
      subscriptionId: DEMO_SUBSCRIPTION_ID,
      authorizationMode: 'azure-rbac',
      status: { reachable: true },
    });
    expect(byName.get(second)).toMatchObject({
      armId: prodIn(DEMO_SECOND_SUBSCRIPTION_ID),
      subscriptionId: DEMO_SECOND_SUBSCRIPTION_ID,
      authorizationMode: 'azure-rbac',
      status: { reachable: true },
    });
  });

  it.each([
    ['first', first],
    ['second', second],
  ])(
    "onboards, grants and federates on the %s subscription's aks-prod-weu",
    async (_which, cluster) => {
      const alice = api(ctx.backend);
      const namespace = 'payments-fleet';
      const onboarded = await alice.post('/namespaces', {
        cluster,
        namespace,
        entityRef: 'component:default/payments-api',
        owner: 'group:default/team-payments',
      });
      expect(onboarded.status).toBe(200);
      const granted = await alice.post('/grants', {
        cluster,
        namespace,
        principal: 'group:default/payments-readers',
        level: 'read',
      });
      expect(granted.status).toBe(200);
      const federated = await alice.post('/workload-identities', {
        cluster,
        namespace,
        serviceAccount: 'api',
        entityRef: 'component:default/payments-api',
        identityName: `id-payments-fleet-${cluster.slice(-8)}`,
        azureRoles: [],
      });
      expect(federated.status).toBe(200);
      // Each cluster's identity in its home: the default, or the cluster's own.
      const identities = Object.values(
        embeddedSandboxOn(ctx.sandbox.dataDir)!.store.state.identities,
      ).filter(i => i.clientId === federated.body.clientId);
      expect(identities.map(i => i.subscriptionId)).toEqual([
        cluster === first ? DEMO_SUBSCRIPTION_ID : DEMO_SECOND_SUBSCRIPTION_ID,
      ]);
      // The grant's role assignments sit at the namespace of that cluster, in its own subscription.
      const sandbox = embeddedSandboxOn(ctx.sandbox.dataDir)!;
      const subscription =
        cluster === first ? DEMO_SUBSCRIPTION_ID : DEMO_SECOND_SUBSCRIPTION_ID;
      const at = aksNamespaceScope(prodIn(subscription), namespace);
      const scopes = Object.values(sandbox.store.state.roleAssignments)
        .map(a => a.scope.toLowerCase())
        .filter(s => s.endsWith(`/namespaces/${namespace}`));
      expect(scopes).toContain(at.toLowerCase());
    },
  );

  it('follows ARM on its schedule: a cluster that leaves goes, and comes back when it does, renaming nothing', async () => {
    const sandbox = embeddedSandboxOn(ctx.sandbox.dataDir)!;
    const key = demoWorld.DEMO_TWIN_CLUSTER.key;
    const twin = sandbox.store.state.clusters[key];
    await sandbox.store.commit([{ path: ['clusters', key], value: undefined }]);
    await scheduler.triggerTask('aks-access-discovery');
    expect(await clusterNames()).toEqual(['aks-dev-neu', first]);
    await sandbox.store.commit([{ path: ['clusters', key], value: twin }]);
    await scheduler.triggerTask('aks-access-discovery');
    expect(await clusterNames()).toEqual(['aks-dev-neu', first, second].sort());
    const view = await api(ctx.backend).get(
      '/entities/component/default/payments-api/access',
    );
    expect(
      view.body.namespaces.map((n: any) => `${n.cluster}/${n.namespace}`),
    ).toEqual(expect.arrayContaining([`${second}/payments-fleet`]));
  });
});
