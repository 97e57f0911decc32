import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  demoWorld,
  startAksAccessTestBackend,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(120_000);

/*
 * The routes over the engine (whose answers whoCan.property.test.ts checks
 * against the clusters' authorizer): the demo's answers, bad input as 400s
 * naming the rule, and the access view's read permission.
 */

const PROD = 'aks-prod-weu';
const DEV = 'aks-dev-neu';
const FRANK = demoWorld.DEMO_USERS.frank.objectId;
const ENTITY = '/api/aks-access/entities/component/default/payments-api';

describe('who-can, what-can and sensitive-permissions routes', () => {
  let backend: Awaited<ReturnType<typeof startAksAccessTestBackend>>;
  const get = (path: string, user = 'user:default/alice') =>
    request(backend.server)
      .get(`${ENTITY}/${path}`)
      .set('authorization', mockCredentials.user.header(user));

  beforeAll(async () => {
    backend = await startAksAccessTestBackend({
      deniedUsers: ['user:default/mallory'],
    });
    // The membership task's first round runs at start; wait for Graph's answer.
    for (let i = 0; i < 100; i++) {
      const res = await get('who-can?verb=get&resource=secrets');
      if (res.body.membership?.source === 'graph') return;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('membership never came from Graph');
  });
  afterAll(() => backend.stop());

  it('lists who can get the Secrets of payments-api on both clusters, frank through his nested groups', async () => {
    const res = await get(`who-can?verb=get&resource=secrets&limit=500`);
    expect(res.status).toBe(200);
    expect(res.body.namespaces).toEqual(
      expect.arrayContaining([
        { cluster: PROD, namespace: 'payments-api' },
        { cluster: DEV, namespace: 'payments-api' },
      ]),
    );
    const frank = res.body.people.find((p: any) => p.user.id === FRANK);
    expect(frank.user).toMatchObject({
      entityRef: 'user:default/frank',
      userPrincipalName: 'frank@contoso.example',
    });
    expect(frank.platformAdmin).toBe(false);
    const prod = frank.namespaces.find((n: any) => n.cluster === PROD);
    expect(prod.paths).toContainEqual(
      expect.objectContaining({
        source: 'AzureRoleAssignment',
        via: [
          expect.objectContaining({ displayName: 'Payments On-call' }),
          expect.objectContaining({ displayName: 'Team Payments' }),
        ],
      }),
    );
    // Platform admins hold it by design, and come last.
    const admins = res.body.people.filter((p: any) => p.platformAdmin);
    expect(admins.length).toBeGreaterThan(0);
    expect(res.body.people.at(-1).platformAdmin).toBe(true);
  });

  it('answers for one namespace, and pages', async () => {
    const one = await get(
      `who-can?verb=create&resource=pods/exec&cluster=${DEV}&namespace=payments-api&limit=1`,
    );
    expect(one.status).toBe(200);
    expect(one.body.namespaces).toEqual([
      { cluster: DEV, namespace: 'payments-api' },
    ]);
    expect(one.body.people).toHaveLength(1);
    expect(one.body.totalPeople).toBeGreaterThan(1);
    expect(one.body.nextOffset).toBe(1);
  });

  it("shows frank's matrix in payments-api", async () => {
    const res = await get(
      `what-can?principal=user:default/frank&cluster=${PROD}&namespace=payments-api`,
    );
    expect(res.status).toBe(200);
    const row = (resource: string) =>
      res.body.rows.find((r: any) => r.resource === resource);
    const cell = (resource: string, verb: string) =>
      row(resource).cells.find((c: any) => c.verb === verb);
    expect(cell('deployments', 'create').allowed).toBe(true);
    expect(cell('roles', 'create').allowed).toBe(false);
    for (const principal of [FRANK, 'user:frank']) {
      const same = await get(
        `what-can?principal=${principal}&cluster=${PROD}&namespace=payments-api`,
      );
      expect(same.body.rows).toEqual(res.body.rows);
    }
  });

  /*
   * The demo's custom roles (packages/aks-sandbox/src/seed/demoCustomRoles.ts),
   * both for payments-oncall: answered by their rules and data actions, the
   * verbs each allows and no other, whatever level their name would suggest.
   */
  it.each([
    [
      DEV,
      'Role/payments-deployer',
      {
        deployments: ['get', 'list', 'watch', 'update', 'patch'],
        pods: ['get', 'list'],
        'pods/log': ['get'],
        'pods/exec': [],
        secrets: [],
      },
    ],
    [
      PROD,
      'Payments Deployer',
      {
        // apps/deployments/*, less the delete its notDataActions take back.
        deployments: ['get', 'list', 'watch', 'create', 'update', 'patch'],
        pods: ['get', 'list', 'watch'],
        // guard checks a subresource other than exec as its resource.
        'pods/log': ['get', 'list', 'watch'],
        'pods/exec': [],
        secrets: [],
      },
    ],
  ])(
    "shows the real verbs of %s's custom role %s in frank's matrix and in who-can",
    async (cluster, role, verbs) => {
      const matrix = await get(
        `what-can?principal=user:default/frank&cluster=${cluster}&namespace=payments-api`,
      );
      expect(matrix.status).toBe(200);
      const through = (resource: string) =>
        matrix.body.rows
          .find((r: any) => r.resource === resource)
          .cells.filter((c: any) => c.paths.some((p: any) => p.role === role))
          .map((c: any) => c.verb);
      for (const [resource, allowed] of Object.entries(verbs))
        expect([resource, through(resource)]).toEqual([resource, allowed]);

      const paths = async (verb: string) => {
        const res = await get(
          `who-can?verb=${verb}&resource=deployments&cluster=${cluster}&namespace=payments-api&limit=500`,
        );
        const frank = res.body.people.find((p: any) => p.user.id === FRANK);
        return frank.namespaces[0].paths.filter((p: any) => p.role === role);
      };
      expect(await paths('patch')).toEqual([
        expect.objectContaining({
          via: [expect.objectContaining({ displayName: 'Payments On-call' })],
        }),
      ]);
      expect(await paths('delete')).toEqual([]);
    },
  );

  it('names sensitive permissions with a fix each', async () => {
    const res = await get('sensitive-permissions');
    expect(res.status).toBe(200);
    expect(res.body.findings.length).toBeGreaterThan(0);
    for (const f of res.body.findings) expect(f.remediation).toMatch(/\S/);
    // The backend's own ClusterRole is how it works, not anyone's access.
    expect(
      res.body.findings.filter((f: any) =>
        f.detail.includes('backstage-aks-access'),
      ),
    ).toEqual([]);
    expect(
      res.body.expected.some(
        (e: any) =>
          e.principal.id === demoWorld.DEMO_GROUPS.platformAdmins.objectId,
      ),
    ).toBe(true);
    // One finding per grant, in words: no GUID, no ARM path.
    const writer = res.body.findings.find(
      (f: any) =>
        f.cluster === PROD &&
        f.namespace === 'payments-api' &&
        f.title.startsWith('Team Payments can '),
    );
    expect(writer.detail).toMatch(
      /^The Azure role assignment of Azure Kubernetes Service RBAC Writer at namespace payments-api of aks-prod-weu gives Team Payments Azure Kubernetes Service RBAC Writer, which allows "get secrets", /,
    );
    for (const f of res.body.findings) {
      expect(`${f.title} ${f.detail} ${f.remediation}`).not.toMatch(
        /[0-9a-f]{8}-[0-9a-f]{4}-|\/subscriptions\//,
      );
    }
    const perGrant = res.body.findings.map(
      (f: any) => `${f.cluster}/${f.namespace}/${f.title}`,
    );
    expect(new Set(perGrant).size).toBe(perGrant.length);
  });

  it.each([
    ['who-can?verb=read&resource=secrets', /verb: verb must be one of get/],
    ['who-can?verb=get&resource=secret', /resource: resource must be one of/],
    ['who-can?verb=get&resource=pods/shell', /resource: resource must be one/],
    ['who-can?resource=secrets', /verb/],
    [
      'who-can?verb=get&resource=secrets&namespace=payments-api',
      /cluster: namespace needs cluster/,
    ],
    [
      `who-can?verb=get&resource=secrets&cluster=${PROD}&namespace=kube-system`,
      /namespace must be one of the entity's namespaces/,
    ],
    [
      'who-can?verb=get&resource=secrets&limit=501',
      /limit must be at most 500/,
    ],
    ['who-can?verb=get&resource=secrets&offset=-1', /offset must be 0 or more/],
    [
      `what-can?principal=frank&cluster=${PROD}&namespace=payments-api`,
      /principal: principal must be a catalog group or user ref/,
    ],
    [
      `what-can?principal=user:default/nobody&cluster=${PROD}&namespace=payments-api`,
      /principal: user:default\/nobody is not a catalog user or group/,
    ],
    ['what-can?principal=user:default/frank', /cluster/],
    ['sensitive-permissions?color=red', /unknown field\(s\) color/],
  ])('refuses %s with 400 naming the rule', async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it.each([
    'who-can?verb=get&resource=secrets',
    `what-can?principal=user:default/frank&cluster=${PROD}&namespace=payments-api`,
    'sensitive-permissions',
  ])('%s needs the same permission as the access view', async path => {
    const res = await get(path, 'user:default/mallory');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /Not allowed: aks-access.entity.read on component:default\/payments-api/,
    );
  });
});
