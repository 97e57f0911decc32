import {
  ClientAssertionCredential,
  ClientSecretCredential,
} from '@azure/identity';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT } from 'jose';
import {
  adminCredential,
  operatorCredential,
  rawRequest,
  startTestSandbox,
  type TestSandbox,
} from '../arm/__testUtils__/testSandbox';
import {
  DEMO_ADMIN_APP,
  DEMO_CLUSTERS,
  DEMO_IDENTITY_RESOURCE_GROUP as RG,
  DEMO_SUBSCRIPTION_ID,
  DEMO_TENANT_ID,
} from '../seed/demoWorld';
import { signingKeyFromPem } from './keys';
import { verifyEntraAccessToken } from './tokens';

const AKS_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';
const SUBJECT = 'system:serviceaccount:payments:payments-api';

describe('Entra authority', () => {
  let sb: TestSandbox;
  let clientId: string;
  let principalId: string;
  const issuer = () => sb.ctx.urls.oidcIssuer(DEMO_CLUSTERS.prod.name);

  beforeAll(async () => {
    sb = await startTestSandbox();
    const msi = new ManagedServiceIdentityClient(
      operatorCredential(sb),
      DEMO_SUBSCRIPTION_ID,
      { endpoint: sb.armUrl, agent: sb.agent },
    );
    const identity = await msi.userAssignedIdentities.createOrUpdate(
      RG,
      'id-payments-api',
      { location: 'westeurope' },
    );
    clientId = identity.clientId!;
    principalId = identity.principalId!;
    await msi.federatedIdentityCredentials.createOrUpdate(
      RG,
      'id-payments-api',
      'aks-prod',
      {
        issuer: issuer(),
        subject: SUBJECT,
        audiences: ['api://AzureADTokenExchange'],
      },
    );
  });
  afterAll(() => sb.stop());

  /** What the kubelet projects into a workload-identity pod: a ServiceAccount token from the cluster's issuer. */
  function serviceAccountToken(
    claims: { iss?: string; sub?: string; aud?: string; key?: string } = {},
  ) {
    const key = signingKeyFromPem(
      claims.key ??
        sb.ctx.store.state.clusters[DEMO_CLUSTERS.prod.name].signingKeyPem,
    );
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(claims.iss ?? issuer())
      .setSubject(claims.sub ?? SUBJECT)
      .setAudience(claims.aud ?? 'api://AzureADTokenExchange')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key.privateKey);
  }

  const exchange = (assertion: Promise<string>) =>
    new ClientAssertionCredential(DEMO_TENANT_ID, clientId, () => assertion, {
      authorityHost: sb.authorityHost,
      disableInstanceDiscovery: true,
      agent: sb.agent,
    }).getToken('https://management.azure.com/.default');

  it('issues client-credential tokens for an app secret, with the audience of the scope', async () => {
    const { token } = await adminCredential(sb).getToken(AKS_SCOPE);
    expect(decodeJwt(token)).toMatchObject({
      aud: '6dae42f8-4368-4678-94ff-3960e28e3630',
      appid: DEMO_ADMIN_APP.appId,
      oid: DEMO_ADMIN_APP.servicePrincipalId,
      tid: DEMO_TENANT_ID,
      iss: `${sb.authorityHost}/${DEMO_TENANT_ID}/v2.0`,
    });
    expect(await verifyEntraAccessToken(sb.ctx, token)).toMatchObject({
      oid: DEMO_ADMIN_APP.servicePrincipalId,
      aud: '6dae42f8-4368-4678-94ff-3960e28e3630',
    });
    expect(await verifyEntraAccessToken(sb.ctx, `${token}x`)).toBeUndefined();

    const wrongSecret = new ClientSecretCredential(
      DEMO_TENANT_ID,
      DEMO_ADMIN_APP.appId,
      'nope',
      {
        authorityHost: sb.authorityHost,
        disableInstanceDiscovery: true,
        agent: sb.agent,
      },
    );
    await expect(wrongSecret.getToken(AKS_SCOPE)).rejects.toThrow(
      /AADSTS7000215: Invalid client secret provided/,
    );
  });

  it('exchanges a ServiceAccount token that matches a FIC for a token of the identity', async () => {
    const { token } = await exchange(serviceAccountToken());
    expect(decodeJwt(token)).toMatchObject({
      oid: principalId,
      appid: clientId,
      aud: 'https://management.azure.com/',
    });
  });

  const wrongClaims = {
    subject: () => ({ sub: 'system:serviceaccount:payments:other' }),
    // A token the other cluster really issued: signed by its key, under its issuer.
    issuer: () => ({
      iss: sb.ctx.urls.oidcIssuer(DEMO_CLUSTERS.dev.name),
      key: sb.ctx.store.state.clusters[DEMO_CLUSTERS.dev.name].signingKeyPem,
    }),
    audience: () => ({ aud: 'api://SomethingElse' }),
  };
  it.each(Object.keys(wrongClaims) as Array<keyof typeof wrongClaims>)(
    'refuses a wrong %s with AADSTS70021',
    async which => {
      const assertion = serviceAccountToken(wrongClaims[which]());
      const decoded = decodeJwt(await assertion);
      const expected = `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${decoded.iss}'. Assertion Subject: '${decoded.sub}'. Assertion Audience: '${decoded.aud}'.`;
      await expect(exchange(assertion)).rejects.toThrow(expected);
    },
  );

  it('answers AADSTS70021 with the real error body', async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      scope: 'https://management.azure.com/.default',
      client_assertion_type:
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await serviceAccountToken({
        sub: 'system:serviceaccount:x:y',
      }),
    });
    const res = await rawRequest(
      sb,
      'POST',
      `${sb.authorityHost}/${DEMO_TENANT_ID}/oauth2/v2.0/token`,
      { form },
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      error_codes: [70021],
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
      timestamp: expect.any(String),
    });
  });

  it("serves each cluster's OIDC issuer, whose JWKS verifies the cluster's ServiceAccount tokens", async () => {
    const discovery = await rawRequest(
      sb,
      'GET',
      `${issuer()}.well-known/openid-configuration`,
    );
    expect(discovery.body).toMatchObject({
      issuer: issuer(),
      jwks_uri: `${issuer()}openid/v1/jwks`,
    });
    const jwks = createRemoteJWKSet(new URL(discovery.body.jwks_uri), {
      agent: sb.agent,
    });
    const { payload } = await jwtVerify(await serviceAccountToken(), jwks, {
      issuer: issuer(),
    });
    expect(payload.sub).toBe(SUBJECT);
  });
});
