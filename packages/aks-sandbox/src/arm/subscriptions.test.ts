import {
  DEMO_CLUSTERS,
  DEMO_SECOND_SUBSCRIPTION_ID,
  DEMO_SUBSCRIPTION_ID,
  DEMO_TWIN_CLUSTER,
} from '../seed/demoWorld';
import {
  operatorToken,
  rawRequest,
  startTestSandbox,
  type TestSandbox,
} from './__testUtils__/testSandbox';

const API = 'api-version=2025-10-01';
const clusters = (sub: string) =>
  `subscriptions/${sub}/providers/Microsoft.ContainerService/managedClusters?${API}`;
const cluster = (sub: string) =>
  `subscriptions/${sub}/resourceGroups/${DEMO_CLUSTERS.prod.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${DEMO_CLUSTERS.prod.name}`;

describe('several subscriptions', () => {
  let sb: TestSandbox;
  let token: string;
  beforeAll(async () => {
    sb = await startTestSandbox();
    token = await operatorToken(sb);
  });
  afterAll(() => sb.stop());
  const get = (path: string) =>
    rawRequest(sb, 'GET', `${sb.armUrl}/${path}`, { token });

  it("lists each subscription's clusters, and only its own", async () => {
    const first = await get(clusters(DEMO_SUBSCRIPTION_ID));
    const second = await get(clusters(DEMO_SECOND_SUBSCRIPTION_ID));
    expect(first.body.value.map((c: { id: string }) => c.id).sort()).toEqual(
      [
        sb.store.state.clusters[DEMO_CLUSTERS.dev.name].record.id,
        sb.store.state.clusters[DEMO_CLUSTERS.prod.name].record.id,
      ].sort(),
    );
    expect(second.body.value.map((c: { id: string }) => c.id)).toEqual([
      `/${cluster(DEMO_SECOND_SUBSCRIPTION_ID)}`,
    ]);
  });

  it('tells two clusters of one name apart by their subscription: their own API server and issuer', async () => {
    const prod = await get(`${cluster(DEMO_SUBSCRIPTION_ID)}?${API}`);
    const twin = await get(`${cluster(DEMO_SECOND_SUBSCRIPTION_ID)}?${API}`);
    expect(prod.body.name).toBe(twin.body.name);
    expect(twin.body.id).toBe(`/${cluster(DEMO_SECOND_SUBSCRIPTION_ID)}`);
    expect(twin.body.properties.oidcIssuerProfile.issuerURL).toBe(
      sb.ctx.urls.oidcIssuer(DEMO_TWIN_CLUSTER.key),
    );
    expect(prod.body.properties.oidcIssuerProfile.issuerURL).not.toBe(
      twin.body.properties.oidcIssuerProfile.issuerURL,
    );
    expect(prod.body.properties.fqdn).not.toBe(twin.body.properties.fqdn);
  });

  it('answers SubscriptionNotFound for a subscription it does not serve', async () => {
    const other = '00000000-0000-0000-0000-000000000001';
    const res = await get(clusters(other));
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      code: 'SubscriptionNotFound',
      message: `The subscription '${other}' could not be found.`,
    });
  });
});
