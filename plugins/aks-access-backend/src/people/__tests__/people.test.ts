import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  api,
  demoWorld,
  startAksAccessTestBackend,
  startWritePathTestBackend,
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

/*
 * The demo binds a custom Role (payments-deployer) on aks-dev-neu and
 * assigns an Azure custom role (Payments Deployer) on aks-prod-weu to
 * payments-oncall, frank's one group. Neither maps to a level; both let him
 * do things, so the People view shows them, by name.
 */
describe('people who hold a custom role', () => {
  let backend: Awaited<ReturnType<typeof startWritePathTestBackend>>;
  const alice = () => api(backend);
  const ONCALL = demoWorld.DEMO_GROUPS.paymentsOncall.objectId;
  const TEAM = demoWorld.DEMO_GROUPS.teamPayments.objectId;
  const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
  const people = async (query = '?limit=500') => {
    const res = await alice().get(
      `/entities/component/default/payments-api/people${query}`,
    );
    expect(res.status).toBe(200);
    return res.body;
  };
  const on = (person: any, cluster: string) =>
    person.namespaces.find((n: any) => n.cluster === cluster);
  const deployerPaths = [
    [
      DEV,
      expect.objectContaining({
        source: 'RoleBinding',
        level: 'custom',
        role: 'Role/payments-deployer',
        principal: expect.objectContaining({ id: ONCALL }),
        via: [expect.objectContaining({ displayName: 'Payments On-call' })],
      }),
    ],
    [
      PROD,
      expect.objectContaining({
        source: 'AzureRoleAssignment',
        level: 'custom',
        role: 'Payments Deployer',
        principal: expect.objectContaining({ id: ONCALL }),
        via: [expect.objectContaining({ displayName: 'Payments On-call' })],
      }),
    ],
  ] as const;

  beforeAll(async () => {
    backend = await startWritePathTestBackend();
    for (let i = 0; i < 100; i++) {
      const body = await people();
      if (body.membership?.source === 'graph') return;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('membership never came from Graph');
  });
  afterAll(() => backend.stop());

  it('shows the custom roles on frank’s row beside the level he holds', async () => {
    const body = await people();
    const frank = body.items.find((p: any) => p.user.id === FRANK);
    expect(frank.highestLevel).toBe('write');
    expect(frank.customRoles).toBeUndefined();
    for (const [cluster, path] of deployerPaths) {
      expect(on(frank, cluster).level).toBe('write');
      expect(on(frank, cluster).paths).toContainEqual(path);
    }
    // The Cluster User Role only hands out a kubeconfig: no path.
    const roles = frank.namespaces.flatMap((n: any) =>
      n.paths.map((p: any) => p.role),
    );
    expect(roles).not.toContain('Azure Kubernetes Service Cluster User Role');
  });

  it('lists frank at custom, by the roles’ names, once team-payments’ levels are revoked; after the levels, page by page', async () => {
    const view = await alice().get(
      '/entities/component/default/payments-api/access',
    );
    const levels = view.body.namespaces
      .flatMap((n: any) => n.grants)
      .filter(
        (g: any) => g.managed && g.principal.id === TEAM && g.level === 'write',
      );
    expect(levels).toHaveLength(2);
    for (const g of levels) {
      const revoked = await alice().delete(
        `/grants/${encodeURIComponent(g.id)}`,
      );
      expect(revoked.status).toBe(200);
    }

    const body = await people();
    const frank = body.items.find((p: any) => p.user.id === FRANK);
    expect(frank.highestLevel).toBe('custom');
    expect([...frank.customRoles].sort()).toEqual([
      'Payments Deployer',
      'Role/payments-deployer',
    ]);
    for (const [cluster, path] of deployerPaths) {
      const ns = on(frank, cluster);
      expect(ns.level).toBe('custom');
      expect(ns.customRoles).toEqual([path.sample.role]);
      expect(ns.paths).toEqual([path]);
    }
    expect(JSON.stringify(frank.customRoles)).not.toMatch(GUID);
    // Deployers read pods and roll deployments out: nothing sensitive.
    expect(frank.sensitivePermissions).toEqual([]);
    // Alice keeps only team-payments' Cluster User Role, which allows nothing inside.
    const ALICE = demoWorld.DEMO_USERS.alice.objectId;
    expect(body.items.map((p: any) => p.user.id)).not.toContain(ALICE);

    // Highest level first, custom last.
    const order = ['custom', 'read', 'write', 'admin', 'cluster-admin'];
    const ranks = body.items.map((p: any) => order.indexOf(p.highestLevel));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(ranks[ranks.length - 1]).toBe(0);

    // The pages are the list, in its order.
    const paged: string[] = [];
    for (let offset = 0; ; ) {
      const page = await people(`?limit=2&offset=${offset}`);
      expect(page.totalCount).toBe(body.totalCount);
      paged.push(...page.items.map((p: any) => p.user.id));
      if (page.nextOffset === undefined) break;
      offset = page.nextOffset;
    }
    expect(paged).toEqual(body.items.map((p: any) => p.user.id));

    const readers = await people('?minLevel=read&limit=500');
    expect(readers.totalCount).toBe(body.totalCount - 1);
    expect(readers.items.map((p: any) => p.user.id)).not.toContain(FRANK);
  });
});
