import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startAksAccessTestBackend } from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(60_000);

describe('GET /clusters', () => {
  let backend: Awaited<ReturnType<typeof startAksAccessTestBackend>>;
  beforeAll(async () => {
    backend = await startAksAccessTestBackend();
  });
  afterAll(() => backend.stop());

  it('reads authorization mode and posture from ARM, with remediation', async () => {
    const res = await request(backend.server)
      .get('/api/aks-access/clusters')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBeDefined();
    const byName = Object.fromEntries(
      res.body.items.map((c: any) => [c.name, c]),
    );
    expect(byName['aks-prod-weu']).toMatchObject({
      authorizationMode: 'azure-rbac',
      posture: {
        entraIntegration: true,
        azureRbac: true,
        localAccountsDisabled: true,
        workloadIdentityEnabled: true,
        kubernetesVersion: '1.35.0',
      },
      findings: [],
      status: { reachable: true },
    });
    expect(byName['aks-dev-neu']).toMatchObject({
      authorizationMode: 'kubernetes-rbac',
      posture: {
        azureRbac: false,
        localAccountsDisabled: false,
        kubernetesVersion: '1.34.2',
      },
    });
    expect(byName['aks-dev-neu'].posture.oidcIssuerUrl).toMatch(
      /^https:\/\/127\.0\.0\.1:\d+\/oidc\/.+\/aks-dev-neu\/$/,
    );
    expect(byName['aks-dev-neu'].findings).toEqual([
      {
        id: 'posture:aks-dev-neu:local-accounts',
        kind: 'posture',
        severity: 'high',
        cluster: 'aks-dev-neu',
        title: 'Local accounts enabled',
        detail:
          'Local accounts are enabled on aks-dev-neu: the cluster-admin credential bypasses Entra and is not auditable.',
        remediation:
          'Run `az aks update -g rg-aks-dev -n aks-dev-neu --disable-local-accounts`, then rotate the certificates (`az aks rotate-certs -g rg-aks-dev -n aks-dev-neu`).',
      },
    ]);
    const again = await request(backend.server)
      .get('/api/aks-access/clusters')
      .set('authorization', mockCredentials.user.header())
      .set('if-none-match', res.headers.etag);
    expect(again.status).toBe(304);
  });
});
