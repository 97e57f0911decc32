import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  demoWorld,
  startAksAccessTestBackend,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(120_000);

/*
 * People, not principals: frank is in payments-oncall, which Entra (and
 * only Entra) nests in team-payments. The catalog says nothing of the
 * nesting, so only Graph's membership shows that he can write in
 * payments-api, and through which groups.
 */

const PROD = 'aks-prod-weu';
const DEV = 'aks-dev-neu';
const FRANK = demoWorld.DEMO_USERS.frank.objectId;
const PEOPLE = '/api/aks-access/entities/component/default/payments-api/people';

describe('GET /entities/:kind/:namespace/:name/people', () => {
  let backend: Awaited<ReturnType<typeof startAksAccessTestBackend>>;
  const get = (query = '', user = 'user:default/alice') =>
    request(backend.server)
      .get(`${PEOPLE}${query}`)
      .set('authorization', mockCredentials.user.header(user));

  beforeAll(async () => {
    backend = await startAksAccessTestBackend({
      deniedUsers: ['user:default/mallory'],
    });
    // The membership task's first round runs at start; wait for Graph's answer.
    for (let i = 0; i < 100; i++) {
      const res = await get();
      if (res.body.membership?.source === 'graph') return;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('membership never came from Graph');
  });
  afterAll(() => backend.stop());

  it('shows frank, who reaches payments-api only through two nested groups, with the path', async () => {
    const res = await get('?limit=500');
    expect(res.status).toBe(200);
    const frank = res.body.items.find((p: any) => p.user.id === FRANK);
    expect(frank.user).toMatchObject({
      displayName: 'Frank Fischer',
      entityRef: 'user:default/frank',
      userPrincipalName: 'frank@contoso.example',
    });
    expect(frank.highestLevel).toBe('write');
    const clusters = frank.namespaces.map((n: any) => n.cluster).sort();
    expect(clusters).toEqual([DEV, PROD]);
    const prod = frank.namespaces.find((n: any) => n.cluster === PROD);
    expect(prod.paths).toContainEqual(
      expect.objectContaining({
        source: 'AzureRoleAssignment',
        level: 'write',
        principal: expect.objectContaining({
          id: demoWorld.DEMO_GROUPS.teamPayments.objectId,
        }),
        via: [
          expect.objectContaining({ displayName: 'Payments On-call' }),
          expect.objectContaining({ displayName: 'Team Payments' }),
        ],
      }),
    );
    expect(res.body.membership).toMatchObject({ source: 'graph' });
  });

  it('lists the admin group members as cluster-admin first, and filters by level', async () => {
    const all = await get('?limit=500');
    expect(all.body.items[0].highestLevel).toBe('cluster-admin');
    const admins = await get('?minLevel=cluster-admin&limit=500');
    expect(admins.body.items.length).toBeGreaterThan(0);
    expect(
      admins.body.items.every((p: any) => p.highestLevel === 'cluster-admin'),
    ).toBe(true);
    expect(admins.body.items.some((p: any) => p.user.id === FRANK)).toBe(false);
  });

  it('carries the sensitive permissions each person holds, the platform admins’ as expected', async () => {
    const res = await get('?limit=500');
    const of = (id: string) =>
      res.body.items.find((p: any) => p.user.id === id).sensitivePermissions;
    const frank = of(FRANK);
    // The RBAC Writer (secrets/*, pods/*) on prod and edit on dev, through team-payments.
    for (const permission of ['read-secrets', 'exec', 'create-pods'])
      expect(frank).toContainEqual({
        permission,
        expected: false,
        namespaces: expect.arrayContaining([
          { cluster: PROD, namespace: 'payments-api' },
          { cluster: DEV, namespace: 'payments-api' },
        ]),
      });
    expect(frank.map((s: any) => s.permission)).not.toContain('wildcard');
    const dave = of(demoWorld.DEMO_USERS.dave.objectId);
    expect(dave.map((s: any) => s.permission)).toContain('wildcard');
    expect(dave.every((s: any) => s.expected)).toBe(true);
  });

  it('pages and searches', async () => {
    const first = await get('?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextOffset).toBe(1);
    const second = await get('?limit=1&offset=1');
    expect(second.body.items[0].user.id).not.toBe(first.body.items[0].user.id);
    const frank = await get('?q=FRANK');
    expect(frank.body.items.map((p: any) => p.user.id)).toEqual([FRANK]);
  });

  it.each([
    [
      '?minLevel=owner',
      /minLevel must be one of read, write, admin, cluster-admin/,
    ],
    ['?limit=1000', /limit must be at most 500/],
    ['?offset=-1', /offset must be 0 or more/],
    ['?limit=abc', /limit must be a number/],
    ['?color=red', /color/],
  ])('refuses %s with 400 naming the rule', async (query, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('needs the same permission as the access view', async () => {
    const res = await get('', 'user:default/mallory');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /Not allowed: aks-access.entity.read on component:default\/payments-api/,
    );
  });

  it('checks access for frank on the Azure RBAC cluster: yes, with the path through both groups', async () => {
    const res = await request(backend.server)
      .post('/api/aks-access/access-reviews')
      .set('authorization', mockCredentials.user.header())
      .send({
        cluster: PROD,
        namespace: 'payments-api',
        principal: 'user:default/frank',
        verb: 'create',
        resource: 'deployments',
        group: 'apps',
      });
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(true);
    expect(res.body.principal).toMatchObject({
      kind: 'User',
      id: FRANK,
      groupCount: 2,
    });
    expect(res.body.paths[0]).toMatchObject({
      source: 'AzureRoleAssignment',
      level: 'write',
      via: [
        expect.objectContaining({
          id: demoWorld.DEMO_GROUPS.paymentsOncall.objectId,
        }),
        expect.objectContaining({
          id: demoWorld.DEMO_GROUPS.teamPayments.objectId,
        }),
      ],
    });
  });
});
