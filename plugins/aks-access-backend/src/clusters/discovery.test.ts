import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  demoWorld,
  startAksAccessTestBackend,
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
