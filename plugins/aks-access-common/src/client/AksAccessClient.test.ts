import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ResponseError } from '@backstage/errors';
import { AksAccessClient } from './AksAccessClient';

interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body?: unknown;
}

describe('AksAccessClient', () => {
  let server: http.Server;
  let baseUrl: string;
  let recorded: Recorded[];
  let reply: { status: number; body: unknown };

  // A real HTTP server that records each request and answers with `reply`.
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        recorded.push({
          method: req.method!,
          url: req.url!,
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body: text ? JSON.parse(text) : undefined,
        });
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/aks-access`;
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    recorded = [];
    reply = { status: 200, body: { changes: [] } };
  });

  const discoveryApi = {
    getBaseUrl: async (pluginId: string) => {
      expect(pluginId).toBe('aks-access');
      return baseUrl;
    },
  };
  const client = () => new AksAccessClient({ discoveryApi });

  const onboard = {
    cluster: 'aks-prod-weu',
    namespace: 'payments',
    entityRef: 'component:default/payments-api',
    owner: 'group:default/team-payments',
  };
  const grant = {
    cluster: 'aks-prod-weu',
    namespace: 'payments',
    principal: 'group:default/team-payments',
    level: 'write' as const,
  };
  const federate = {
    cluster: 'aks-prod-weu',
    namespace: 'payments',
    serviceAccount: 'payments-api',
    entityRef: 'component:default/payments-api',
    dryRun: true,
  };
  const review = {
    cluster: 'aks-prod-weu',
    namespace: 'payments',
    principal: 'user:default/alice',
    verb: 'get',
    resource: 'pods',
  };

  it.each<
    [
      string,
      (c: AksAccessClient) => Promise<unknown>,
      Omit<Recorded, 'authorization' | 'contentType'>,
    ]
  >([
    [
      'health',
      c => c.health(),
      { method: 'GET', url: '/api/aks-access/health' },
    ],
    [
      'getClusters',
      c => c.getClusters(),
      { method: 'GET', url: '/api/aks-access/clusters' },
    ],
    [
      'getEntityAccess(string)',
      c => c.getEntityAccess('Component:Default/payments-api'),
      {
        method: 'GET',
        url: '/api/aks-access/entities/component/default/payments-api/access',
      },
    ],
    [
      'getEntityAccess(compound)',
      c =>
        c.getEntityAccess({
          kind: 'component',
          namespace: 'team a',
          name: 'x/y',
        }),
      {
        method: 'GET',
        url: '/api/aks-access/entities/component/team%20a/x%2Fy/access',
      },
    ],
    [
      'checkAccess',
      c => c.checkAccess(review),
      { method: 'POST', url: '/api/aks-access/access-reviews', body: review },
    ],
    [
      'onboardNamespace',
      c => c.onboardNamespace(onboard),
      { method: 'POST', url: '/api/aks-access/namespaces', body: onboard },
    ],
    [
      'offboardNamespace',
      c => c.offboardNamespace('aks-prod-weu', 'payments'),
      {
        method: 'DELETE',
        url: '/api/aks-access/namespaces/aks-prod-weu/payments',
      },
    ],
    [
      'offboardNamespace with options',
      c =>
        c.offboardNamespace('aks-prod-weu', 'payments', {
          deleteNamespace: true,
          dryRun: false,
        }),
      {
        method: 'DELETE',
        url: '/api/aks-access/namespaces/aks-prod-weu/payments?deleteNamespace=true&dryRun=false',
      },
    ],
    [
      'createGrant',
      c => c.createGrant(grant),
      { method: 'POST', url: '/api/aks-access/grants', body: grant },
    ],
    [
      'revokeGrant',
      c => c.revokeGrant('abc_-1', { dryRun: true }),
      { method: 'DELETE', url: '/api/aks-access/grants/abc_-1?dryRun=true' },
    ],
    [
      'revokeGrant escapes the id',
      c => c.revokeGrant('a/b?c'),
      { method: 'DELETE', url: '/api/aks-access/grants/a%2Fb%3Fc' },
    ],
    [
      'federateWorkloadIdentity',
      c => c.federateWorkloadIdentity(federate),
      {
        method: 'POST',
        url: '/api/aks-access/workload-identities',
        body: federate,
      },
    ],
    [
      'removeWorkloadIdentity',
      c =>
        c.removeWorkloadIdentity('aks-prod-weu', 'payments', 'payments-api', {
          dryRun: true,
        }),
      {
        method: 'DELETE',
        url: '/api/aks-access/workload-identities/aks-prod-weu/payments/payments-api?dryRun=true',
      },
    ],
    [
      'listAudit',
      c => c.listAudit(),
      { method: 'GET', url: '/api/aks-access/audit' },
    ],
    [
      'listAudit with query',
      c =>
        c.listAudit({ entityRef: 'component:default/payments-api', limit: 20 }),
      {
        method: 'GET',
        url: '/api/aks-access/audit?entityRef=component%3Adefault%2Fpayments-api&limit=20',
      },
    ],
  ])('%s calls the right route', async (_name, call, expected) => {
    reply = { status: 200, body: { ok: 'yes' } };
    await expect(call(client())).resolves.toEqual({ ok: 'yes' });
    expect(recorded).toEqual([
      {
        ...expected,
        authorization: undefined,
        contentType: expected.body ? 'application/json' : undefined,
        body: expected.body,
      },
    ]);
  });

  it('returns the parsed response body', async () => {
    reply = {
      status: 201,
      body: {
        changes: [
          {
            target: 'azure',
            kind: 'roleAssignments',
            name: 'x',
            action: 'create',
          },
        ],
        grantId: 'g',
      },
    };
    await expect(client().createGrant(grant)).resolves.toEqual(reply.body);
  });

  it.each<[string, (c: AksAccessClient) => Promise<unknown>]>([
    ['GET', c => c.getClusters({ token: 'initiator-token' })],
    ['POST', c => c.createGrant(grant, { token: 'initiator-token' })],
    [
      'DELETE',
      c => c.revokeGrant('g', { token: 'initiator-token', dryRun: true }),
    ],
    [
      'DELETE with options',
      c =>
        c.removeWorkloadIdentity('c', 'n', 's', { token: 'initiator-token' }),
    ],
  ])('sends the token as a bearer on %s', async (_name, call) => {
    await call(client());
    expect(recorded[0].authorization).toBe('Bearer initiator-token');
    expect(recorded[0].url).not.toContain('token');
  });

  it('uses the given fetchApi', async () => {
    const seen: string[] = [];
    const fetchApi = {
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        seen.push(String(input));
        return fetch(input, init);
      }) as typeof fetch,
    };
    await new AksAccessClient({ discoveryApi, fetchApi }).health();
    expect(seen).toEqual([`${baseUrl}/health`]);
  });

  it.each([400, 403, 404, 409])(
    'throws a ResponseError on %i with the server error',
    async status => {
      reply = {
        status,
        body: {
          error: {
            name: 'InputError',
            message: 'level cluster-admin is refused',
          },
          request: { method: 'POST', url: '/api/aks-access/grants' },
          response: { statusCode: status },
        },
      };
      const error = await client()
        .createGrant(grant)
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.cause.name).toBe('InputError');
      expect(error.cause.message).toBe('level cluster-admin is refused');
    },
  );

  it('throws a ResponseError on a 5xx without a Backstage error body', async () => {
    reply = { status: 502, body: 'bad gateway' };
    const error = await client()
      .health()
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(502);
  });
});
