import {
  api,
  demoWorld,
  examplePolicy,
  startAksAccessTestBackend,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(120_000);

const { prod, dev } = demoWorld.DEMO_CLUSTERS;
const SUB = demoWorld.DEMO_SUBSCRIPTION_ID;
const VIEWER = '/entities/component/default/payments-api/viewer';

/** The demo's policy, with one list of principal kinds for every environment. */
const policy = (principalKinds: string[]) => {
  const base = examplePolicy() as { grants: { levels: string[] } };
  return { ...base, grants: { levels: base.grants.levels, principalKinds } };
};

/** The index and the membership fill in after start; the first answers see less. */
async function answerWhen(
  client: ReturnType<typeof api>,
  ready: (body: any) => boolean,
) {
  let last: unknown;
  for (let i = 0; i < 200; i++) {
    const res = await client.get(VIEWER);
    if (res.status === 200 && ready(res.body)) return res.body;
    last = res.body;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`the viewer answer never filled in: ${JSON.stringify(last)}`);
}

const on = (body: any, cluster: string) =>
  body.namespaces.find(
    (n: any) => n.cluster === cluster && n.namespace === 'payments-api',
  );

/*
 * What a grant to the viewer spends of the subscription's 4,000 role
 * assignments, read from the index. The demo seed gives team-payments the
 * Cluster User Role on aks-prod-weu (Azure RBAC) and nothing on aks-dev-neu
 * (Kubernetes RBAC); nobody holds anything as a user. frank is in
 * payments-oncall, which only Entra nests in team-payments.
 */
describe('the viewer answer: what a grant to a user spends', () => {
  let backend: Awaited<ReturnType<typeof startAksAccessTestBackend>>;
  const as = (user: string) => api(backend, `user:default/${user}`);

  beforeAll(async () => {
    backend = await startAksAccessTestBackend({
      aksAccess: { policy: policy(['Group', 'User']) },
    });
    // Both clusters read, and Graph's nesting in: frank's second group.
    await answerWhen(as('frank'), body =>
      [prod.name, dev.name].every(
        c => on(body, c)?.grantCost?.groups.length > 1,
      ),
    );
  });
  afterAll(() => backend?.stop());

  it('on Azure RBAC: two for alice, one for her team, which holds the Cluster User Role already', async () => {
    const res = await as('alice').get(VIEWER);
    expect(res.status).toBe(200);
    const clusters = (await as('alice').get('/clusters')).body.items;
    const posture = clusters.find((c: any) => c.name === prod.name).posture;
    expect(on(res.body, prod.name).grantCost).toEqual({
      budget: posture.roleAssignments,
      user: 2,
      groups: [
        {
          entityRef: 'group:default/team-payments',
          displayName: 'Team Payments',
          assignments: 1,
          requestable: true,
        },
      ],
    });
    expect(posture.roleAssignments).toMatchObject({
      subscriptionId: SUB,
      limit: 4000,
    });
  });

  it('on Kubernetes RBAC: only the Cluster User Role, for the user and for the group alike', async () => {
    const res = await as('alice').get(VIEWER);
    expect(on(res.body, dev.name).grantCost).toMatchObject({
      user: 1,
      groups: [{ entityRef: 'group:default/team-payments', assignments: 1 }],
    });
  });

  it('names the groups Entra nests the viewer in, the ones they may request for first', async () => {
    const res = await as('frank').get(VIEWER);
    expect(on(res.body, prod.name).grantCost).toMatchObject({
      user: 2,
      groups: [
        {
          entityRef: 'group:default/payments-oncall',
          assignments: 2,
          requestable: true,
        },
        {
          entityRef: 'group:default/team-payments',
          assignments: 1,
          requestable: false,
        },
      ],
    });
  });
});

describe('the viewer answer where the policy grants only to groups', () => {
  let backend: Awaited<ReturnType<typeof startAksAccessTestBackend>>;
  beforeAll(async () => {
    backend = await startAksAccessTestBackend({
      aksAccess: { policy: policy(['Group']) },
    });
  });
  afterAll(() => backend?.stop());

  it('says nothing of a grant to a user, which cannot be made', async () => {
    const body = await answerWhen(api(backend, 'user:default/alice'), b =>
      [prod.name, dev.name].every(c => on(b, c)?.request.allowed),
    );
    expect(on(body, prod.name).grantCost).toBeUndefined();
    expect(on(body, dev.name).grantCost).toBeUndefined();
  });
});

describe("the viewer answer on the demo's own policy: users on dev, groups only on prod", () => {
  let backend: Awaited<ReturnType<typeof startAksAccessTestBackend>>;
  beforeAll(async () => {
    backend = await startAksAccessTestBackend({
      aksAccess: { policy: examplePolicy() },
    });
  });
  afterAll(() => backend?.stop());

  it('says what a grant to bob would spend on dev, where he may ask for himself, and nothing on prod', async () => {
    const body = await answerWhen(api(backend, 'user:default/bob'), b =>
      [prod.name, dev.name].every(c => on(b, c)?.request.allowed),
    );
    expect(
      on(body, dev.name).request.principals.map((p: any) => p.kind),
    ).toEqual(['User', 'Group']);
    expect(on(body, dev.name).grantCost).toMatchObject({
      user: 1,
      groups: [
        {
          entityRef: 'group:default/team-checkout',
          displayName: 'Team Checkout',
          assignments: 1,
          requestable: true,
        },
      ],
    });
    expect(
      on(body, prod.name).request.principals.map((p: any) => p.kind),
    ).toEqual(['Group']);
    expect(on(body, prod.name).grantCost).toBeUndefined();
  });
});
