import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { EntityAccessResponse } from '@aks-access/plugin-aks-access-common';
import { startAksAccessTestBackend } from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(60_000);

const SUBSCRIPTION = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

describe('a cluster that does not answer', () => {
  let backend: Awaited<ReturnType<typeof startAksAccessTestBackend>>;
  beforeAll(async () => {
    backend = await startAksAccessTestBackend({
      aksAccess: {
        clusters: [
          {
            name: 'aks-dev-neu',
            subscriptionId: SUBSCRIPTION,
            resourceGroup: 'rg-aks-dev',
            clusterName: 'aks-dev-neu',
          },
          {
            name: 'aks-gone-weu',
            subscriptionId: SUBSCRIPTION,
            resourceGroup: 'rg-aks-gone',
            clusterName: 'aks-gone-weu',
            url: 'https://127.0.0.1:9',
            auth: { type: 'serviceAccount', token: 'unused' },
          },
        ],
      },
    });
  });
  afterAll(() => backend.stop());

  it('still answers from the other clusters and names the unreachable one', async () => {
    const res = await request(backend.server)
      .get('/api/aks-access/entities/component/default/payments-api/access')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const body: EntityAccessResponse = res.body;
    expect(body.namespaces.map(n => `${n.cluster}/${n.namespace}`)).toEqual([
      'aks-dev-neu/payments-api',
    ]);
    expect(body.clusters[0]).toEqual({
      name: 'aks-dev-neu',
      authorizationMode: 'kubernetes-rbac',
      status: { reachable: true, since: expect.any(String) },
    });
    expect(body.clusters[1]).toEqual({
      name: 'aks-gone-weu',
      status: {
        reachable: false,
        stale: false,
        since: expect.any(String),
        error: expect.any(String),
      },
    });
    expect(Date.parse(body.clusters[1].status.since!)).toBeLessThanOrEqual(
      Date.now(),
    );
  });
});
