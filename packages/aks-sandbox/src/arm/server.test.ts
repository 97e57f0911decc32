import { AuthorizationManagementClient } from '@azure/arm-authorization';
import {
  DEMO_CLUSTERS,
  DEMO_SUBSCRIPTION_ID,
  DEMO_USERS,
} from '../seed/demoWorld';
import {
  adminCredential,
  operatorCredential,
  operatorToken,
  rawRequest,
  startTestSandbox,
  type TestSandbox,
} from './__testUtils__/testSandbox';

const CLUSTER = (c: { resourceGroup: string; name: string }) =>
  `subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/${c.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${c.name}`;
const ROLE_DEFS = `subscriptions/${DEMO_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions`;

describe('ARM front door', () => {
  let sb: TestSandbox;
  let token: string;
  beforeAll(async () => {
    sb = await startTestSandbox();
    token = await operatorToken(sb);
  });
  afterAll(() => sb.stop());
  const get = (path: string, t = token) =>
    rawRequest(sb, 'GET', `${sb.armUrl}/${path}`, { token: t });

  it('requires a bearer token from the sandbox tenant for ARM', async () => {
    const missing = await get(`${ROLE_DEFS}?api-version=2022-04-01`, '');
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('AuthenticationFailed');
    expect(missing.headers['www-authenticate']).toMatch(
      /^Bearer authorization_uri=".*", error="invalid_token"/,
    );
    expect(
      (await get(`${ROLE_DEFS}?api-version=2022-04-01`, 'garbage')).body.error
        .code,
    ).toBe('InvalidAuthenticationToken');
    const aksToken = (
      await adminCredential(sb).getToken(
        '6dae42f8-4368-4678-94ff-3960e28e3630/.default',
      )
    ).token;
    expect(
      (await get(`${ROLE_DEFS}?api-version=2022-04-01`, aksToken)).body.error
        .code,
    ).toBe('InvalidAuthenticationTokenAudience');
    // A user's static token authenticates; at the tenant root anyone may read role definitions.
    const alice = sb.users.find(
      u => u.objectId === DEMO_USERS.alice.objectId,
    )!.token;
    expect(
      (
        await get(
          `providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01`,
          alice,
        )
      ).status,
    ).toBe(200);
  });

  it('checks the api-version and says which ones are supported', async () => {
    expect((await get(ROLE_DEFS)).body.error).toEqual({
      code: 'MissingApiVersionParameter',
      message:
        'The api-version query parameter (?api-version=) is required for all requests.',
    });
    expect((await get(`${ROLE_DEFS}?api-version=latest`)).body.error.code).toBe(
      'InvalidApiVersionParameter',
    );
    const unregistered = await get(
      `${CLUSTER(DEMO_CLUSTERS.prod)}?api-version=2015-01-01`,
    );
    expect(unregistered.status).toBe(400);
    expect(unregistered.body.error.code).toBe('NoRegisteredProviderFound');
    expect(unregistered.body.error.message).toContain(
      "The supported api-versions are '2017-08-31, 2018-03-31, ",
    );
  });

  it('reports the posture fields and request ids, and the remaining read allowance', async () => {
    const res = await get(
      `${CLUSTER(DEMO_CLUSTERS.dev)}?api-version=2026-10-01`,
    );
    expect(res.body.properties).toMatchObject({
      enableRBAC: true,
      disableLocalAccounts: false,
      aadProfile: { managed: true, enableAzureRBAC: false },
      oidcIssuerProfile: {
        enabled: true,
        issuerURL: sb.ctx.urls.oidcIssuer(DEMO_CLUSTERS.dev.name),
      },
      securityProfile: { workloadIdentity: { enabled: true } },
      provisioningState: 'Succeeded',
      kubernetesVersion: DEMO_CLUSTERS.dev.kubernetesVersion,
    });
    expect(res.headers).toMatchObject({
      'x-ms-ratelimit-remaining-subscription-reads': expect.any(String),
      'x-ms-request-id': expect.any(String),
      'x-ms-correlation-request-id': expect.any(String),
    });
  });

  it('hands out static admin credentials only while local accounts are enabled', async () => {
    const prod = await rawRequest(
      sb,
      'POST',
      `${sb.armUrl}/${CLUSTER(
        DEMO_CLUSTERS.prod,
      )}/listClusterAdminCredential?api-version=2026-10-01`,
      { token },
    );
    expect({ status: prod.status, code: prod.body.error.code }).toEqual({
      status: 400,
      code: 'BadRequest',
    });
    const dev = await rawRequest(
      sb,
      'POST',
      `${sb.armUrl}/${CLUSTER(
        DEMO_CLUSTERS.dev,
      )}/listClusterAdminCredential?api-version=2026-10-01`,
      { token },
    );
    const kubeconfig = Buffer.from(
      dev.body.kubeconfigs[0].value,
      'base64',
    ).toString();
    expect(kubeconfig).toContain(
      `token: ${
        sb.ctx.store.state.clusters[DEMO_CLUSTERS.dev.name].localAdminToken
      }`,
    );
  });
});

describe('ARM faults', () => {
  it('throttles per subscription with 429 and Retry-After, which the SDK waits out', async () => {
    const sb = await startTestSandbox({
      armThrottle: { capacity: 2, refillPerSecond: 1 },
    });
    try {
      const token = await operatorToken(sb);
      const url = `${sb.armUrl}/${ROLE_DEFS}?api-version=2022-04-01`;
      await rawRequest(sb, 'GET', url, { token });
      await rawRequest(sb, 'GET', url, { token });
      const throttled = await rawRequest(sb, 'GET', url, { token });
      expect(throttled.status).toBe(429);
      expect(throttled.body.error.code).toBe('SubscriptionRequestsThrottled');
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(
        1,
      );

      const client = new AuthorizationManagementClient(
        operatorCredential(sb),
        DEMO_SUBSCRIPTION_ID,
        { endpoint: sb.armUrl, agent: sb.agent },
      );
      const started = Date.now();
      await client.roleDefinitions.getById(
        `/${ROLE_DEFS}/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await sb.stop();
    }
  });

  it('adds latency and fails with transient 5xx at the configured rate', async () => {
    const sb = await startTestSandbox({ latencyMs: 150, armErrorRate: 1 });
    try {
      const token = await operatorToken(sb);
      const started = Date.now();
      const res = await rawRequest(
        sb,
        'GET',
        `${sb.armUrl}/${ROLE_DEFS}?api-version=2022-04-01`,
        { token },
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      expect([500, 503]).toContain(res.status);
      expect(['InternalServerError', 'ServiceUnavailable']).toContain(
        res.body.error.code,
      );
    } finally {
      await sb.stop();
    }
  });
});
