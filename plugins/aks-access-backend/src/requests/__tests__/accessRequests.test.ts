import request from 'supertest';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  api,
  demoWorld,
  SandboxOnDisk,
  startWritePathTestBackend,
  testClock,
  testScheduler,
  TestBackend,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(300_000);

const { prod, dev } = demoWorld.DEMO_CLUSTERS;
const NAMESPACE = 'checkout-jit';
const ENTITY = 'component:default/checkout-api';
const TEAM = 'group:default/team-payments';
const HOUR = 3600_000;
const EXPIRY_TASK = 'aks-access-expiry';

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});
const available = (['SQLITE_3', 'POSTGRES_15'] as const).filter(id =>
  databases.supports(id),
);

/*
 * Time-bound access through the REST API on the sandbox, on both
 * authorization modes: alice (team-payments) asks for access to a namespace
 * of checkout-api, which team-checkout owns; bob (team-checkout) decides;
 * carol owns nothing here; dave is the platform group. Time moves by the
 * test clock, and the expiry task runs when the test triggers it.
 */
describe.each(available)('access requests on %s', databaseId => {
  const clock = testClock();
  const scheduler = testScheduler();
  const sandbox = new SandboxOnDisk();
  const onDisk = { backend: undefined as unknown as TestBackend };
  const as = (user: string) => api(onDisk.backend, `user:default/${user}`);
  const expire = () => scheduler.triggerTask(EXPIRY_TASK);
  const ask = (body: object) =>
    as('alice').post('/access-requests', {
      namespace: NAMESPACE,
      principal: TEAM,
      justification: 'incident 4711: the checkout outage',
      ...body,
    });
  /** The titles of a user's notifications, as the notifications backend keeps them. */
  const noticesOf = async (user: string) => {
    const res = await request(onDisk.backend.server)
      .get('/api/notifications/notifications')
      .set(
        'authorization',
        mockCredentials.user.header(`user:default/${user}`),
      );
    return (res.body.notifications ?? []).map(
      (n: { payload: { title: string } }) => n.payload.title,
    ) as string[];
  };
  const canAlice = (cluster: string, verb: string) =>
    sandbox.canI(cluster, 'alice', verb, 'pods', NAMESPACE);

  beforeAll(async () => {
    onDisk.backend = await startWritePathTestBackend({
      features: [clock.factory, scheduler.factory, notificationsPlugin],
      deniedUsers: ['user:default/carol'],
      database:
        databaseId === 'POSTGRES_15'
          ? await databases.init(databaseId)
          : undefined,
      aksAccess: { sandbox: { enabled: true, dataDir: sandbox.dataDir } },
    });
    for (const cluster of [prod.name, dev.name]) {
      const onboarded = await as('bob').post('/namespaces', {
        cluster,
        namespace: NAMESPACE,
        entityRef: ENTITY,
        owner: 'group:default/team-checkout',
      });
      if (onboarded.status !== 200) {
        throw new Error(`onboarding answered ${onboarded.status}`);
      }
    }
  });

  afterAll(async () => {
    await onDisk.backend?.stop();
    sandbox.remove();
  });

  it('refuses a duration over the policy limit, naming it, and changes nothing', async () => {
    const before = sandbox.stateBytes();
    const refused = await ask({
      cluster: prod.name,
      level: 'admin',
      duration: 'PT5H',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'Policy accessRequests.rules: duration PT5H is over the limit for admin access on prod clusters: at most PT4H',
    );
    const malformed = await ask({
      cluster: prod.name,
      level: 'read',
      duration: '4 hours',
      justification: '',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('duration');
    expect(malformed.body.error.message).toContain('justification is required');
    expect(sandbox.stateBytes()).toBe(before);
  });

  it('request → approve → the team can write → expiry → it cannot (Azure RBAC)', async () => {
    expect(await canAlice(prod.name, 'create')).toBe(false);
    // The tab's side of it: alice owns nothing here, and asks for her team.
    const side = await as('alice').get(
      '/entities/component/default/checkout-api/viewer',
    );
    expect(side.status).toBe(200);
    // Approval is the permission policy's answer (allow-all-but-carol here);
    // her own request is never hers to decide, which the use case enforces.
    expect(side.body).toMatchObject({
      user: { entityRef: 'user:default/alice' },
      owner: false,
    });
    const carolSide = await as('carol').get(
      '/entities/component/default/checkout-api/viewer',
    );
    expect(carolSide.status).toBe(403);
    expect(carolSide.body.error.message).toBe(
      `Not allowed: aks-access.entity.read on ${ENTITY}`,
    );
    const here = side.body.namespaces.find(
      (n: any) => n.cluster === prod.name && n.namespace === NAMESPACE,
    );
    expect(here.level).toBeUndefined();
    expect(here.request.allowed).toBe(true);
    expect(here.request.principals[0]).toMatchObject({
      entityRef: TEAM,
      kind: 'Group',
    });
    expect(here.request.principals.map((p: any) => p.kind)).not.toContain(
      'User',
    );
    const bobSide = await as('bob').get(
      '/entities/component/default/checkout-api/viewer',
    );
    expect(bobSide.body).toMatchObject({ owner: true, approver: true });
    const asked = await ask({
      cluster: prod.name,
      level: 'write',
      duration: 'PT2H',
    });
    expect(asked.status).toBe(200);
    expect(asked.body.request).toMatchObject({
      state: 'pending',
      entityRef: ENTITY,
      requester: 'user:default/alice',
      principal: TEAM,
    });
    expect(asked.body.changes).toEqual([]);
    const { id } = asked.body.request;
    // Names, not refs: the catalog's title of team-payments.
    const what = `write on ${NAMESPACE} (${prod.name}) for Team Payments`;
    // The owners (team-checkout) and the platform group; never the requester.
    expect(await noticesOf('bob')).toContain(`Access request: ${what}`);
    expect(await noticesOf('dave')).toContain(`Access request: ${what}`);
    expect(await noticesOf('alice')).not.toContain(`Access request: ${what}`);

    const self = await as('alice').post(`/access-requests/${id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain(
      'Four eyes: user:default/alice made access request',
    );
    const stranger = await as('carol').post(
      `/access-requests/${id}/approve`,
      {},
    );
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toBe(
      `Not allowed: aks-access.access-request.approve on ${ENTITY}`,
    );
    expect(await canAlice(prod.name, 'create')).toBe(false);

    const approved = await as('bob').post(`/access-requests/${id}/approve`, {
      comment: 'go ahead',
    });
    expect(approved.status).toBe(200);
    expect(approved.body.request).toMatchObject({
      state: 'approved',
      decidedBy: 'user:default/bob',
      comment: 'go ahead',
      expiresAt: new Date(clock.now().getTime() + 2 * HOUR).toISOString(),
    });
    expect(await canAlice(prod.name, 'create')).toBe(true);
    expect(await noticesOf('alice')).toContain(
      `Access request approved: ${what}`,
    );
    const approval = await request(onDisk.backend.server)
      .get('/api/notifications/notifications')
      .set('authorization', mockCredentials.user.header('user:default/alice'));
    expect(
      approval.body.notifications.find(
        (n: any) => n.payload.title === `Access request approved: ${what}`,
      ).payload.description,
    ).toMatch(/^Approved by Bob Brandt; it ends in 2 h, at \d\d:\d\d UTC on /);

    const view = await as('bob').get(
      '/entities/component/default/checkout-api/access',
    );
    const shown = view.body.namespaces
      .find((n: any) => n.cluster === prod.name && n.namespace === NAMESPACE)
      .grants.find((g: any) => g.id === approved.body.request.grantId);
    expect(shown.expiresAt).toBe(approved.body.request.expiresAt);

    clock.advance(2 * HOUR - 60_000);
    await expire();
    expect(await canAlice(prod.name, 'create')).toBe(true);
    // 15 minutes before the end, once.
    expect(
      (await noticesOf('alice')).filter(t => t === `Access ends soon: ${what}`),
    ).toHaveLength(1);
    clock.advance(61_000);
    await expire();
    expect(await canAlice(prod.name, 'create')).toBe(false);
    const listed = await as('alice').get('/access-requests?mine=true');
    expect(listed.body.items.find((r: any) => r.id === id).state).toBe(
      'expired',
    );
    const audit = await as('dave').get(
      `/audit?entityRef=${encodeURIComponent(ENTITY)}`,
    );
    const actions = audit.body.items.map((e: any) => `${e.action} ${e.actor}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'access-request.create user:default/alice',
        'access-request.approve user:default/bob',
        'grant.expire system:aks-access-expiry',
      ]),
    );
    // The rows of this one request, each naming what it acted on.
    const rows = await as('dave').get(`/audit?requestId=${id}`);
    expect(rows.status).toBe(200);
    const about = {
      requestId: id,
      principal: TEAM,
      level: 'write',
      duration: 'PT2H',
    };
    expect(rows.body.items.map((e: any) => [e.action, e.subject])).toEqual([
      [
        'grant.expire',
        expect.objectContaining({
          ...about,
          grantId: approved.body.request.grantId,
        }),
      ],
      [
        'access-request.approve',
        expect.objectContaining({
          ...about,
          decidedBy: 'user:default/bob',
          comment: 'go ahead',
        }),
      ],
      ['access-request.create', expect.objectContaining(about)],
    ]);
    const notAnId = await as('dave').get('/audit?requestId=../grants');
    expect(notAnId.status).toBe(400);
    expect(notAnId.body.error.message).toContain(
      'access request id must be the id the backend returned (a lowercase UUID)',
    );
  });

  it('grants at once where no approval is needed, and the requester ends it early (Kubernetes RBAC)', async () => {
    const asked = await ask({
      cluster: dev.name,
      level: 'read',
      duration: 'P1D',
    });
    expect(asked.status).toBe(200);
    expect(asked.body.request).toMatchObject({
      state: 'approved',
      decidedBy: 'policy:no-approval-required',
    });
    // Everyone can view on aks-dev-neu (its authenticated-viewers
    // ClusterRoleBinding), so the binding itself is what shows the grant.
    const timeBound = () =>
      Object.values(sandbox.state().clusters[dev.name].objects).filter(
        o =>
          o.kind === 'RoleBinding' &&
          o.metadata.namespace === NAMESPACE &&
          o.metadata.annotations?.['aks-access.backstage.io/expires-at'],
      );
    expect(timeBound().map(b => b.metadata.annotations)).toEqual([
      expect.objectContaining({
        'aks-access.backstage.io/expires-at': asked.body.request.expiresAt,
      }),
    ]);

    const notYours = await as('bob').delete(
      `/access-requests/${asked.body.request.id}`,
    );
    expect(notYours.status).toBe(403);
    const ended = await as('alice').delete(
      `/access-requests/${asked.body.request.id}`,
    );
    expect(ended.status).toBe(200);
    expect(ended.body.request).toMatchObject({
      state: 'revoked',
      endedBy: 'user:default/alice',
    });
    expect(ended.body.changes).toContainEqual(
      expect.objectContaining({ kind: 'RoleBinding', action: 'delete' }),
    );
    expect(timeBound()).toEqual([]);
  });

  it('denies, cancels, and expires what nobody decided in time', async () => {
    const denied = await ask({
      cluster: dev.name,
      level: 'write',
      duration: 'PT4H',
    });
    const deny = await as('bob').post(
      `/access-requests/${denied.body.request.id}/deny`,
      { comment: 'use the runbook' },
    );
    expect(deny.status).toBe(200);
    expect(deny.body.request).toMatchObject({
      state: 'denied',
      comment: 'use the runbook',
    });
    const again = await as('dave').post(
      `/access-requests/${denied.body.request.id}/approve`,
      {},
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(
      'is denied; only a pending request can be approved',
    );

    const cancelled = await ask({
      cluster: dev.name,
      level: 'write',
      duration: 'PT4H',
    });
    const cancel = await as('alice').delete(
      `/access-requests/${cancelled.body.request.id}`,
    );
    expect(cancel.body.request.state).toBe('cancelled');

    const forgotten = await ask({
      cluster: dev.name,
      level: 'write',
      duration: 'PT4H',
    });
    clock.advance(24 * HOUR + 1000);
    await expire();
    const late = await as('bob').post(
      `/access-requests/${forgotten.body.request.id}/approve`,
      {},
    );
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('is expired');
    expect(await canAlice(dev.name, 'create')).toBe(false);
  });

  it('keeps a grant that was also made permanently when the temporary one ends', async () => {
    const asked = await ask({
      cluster: dev.name,
      level: 'write',
      duration: 'PT1H',
    });
    await as('bob').post(
      `/access-requests/${asked.body.request.id}/approve`,
      {},
    );
    expect(await canAlice(dev.name, 'create')).toBe(true);
    const permanent = await as('bob').post('/grants', {
      cluster: dev.name,
      namespace: NAMESPACE,
      principal: TEAM,
      level: 'write',
    });
    expect(permanent.status).toBe(200);
    clock.advance(HOUR + 1000);
    await expire();
    const listed = await as('alice').get('/access-requests?mine=true');
    expect(
      listed.body.items.find((r: any) => r.id === asked.body.request.id).state,
    ).toBe('expired');
    expect(await canAlice(dev.name, 'create')).toBe(true);
  });

  it('refuses a request for a group the requester is not in, or for someone else', async () => {
    const otherTeam = await ask({
      cluster: dev.name,
      level: 'read',
      duration: 'PT1H',
      principal: 'group:default/team-data',
    });
    expect(otherTeam.status).toBe(403);
    expect(otherTeam.body.error.message).toBe(
      'You can request access for group:default/team-data only if you are a member of it in the catalog; user:default/alice is not',
    );
    const someoneElse = await ask({
      cluster: dev.name,
      level: 'read',
      duration: 'PT1H',
      principal: 'user:default/bob',
    });
    expect(someoneElse.status).toBe(403);
  });
});
