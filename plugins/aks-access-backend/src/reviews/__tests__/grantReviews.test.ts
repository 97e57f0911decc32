import {
  api,
  demoWorld,
  examplePolicy,
  SandboxOnDisk,
  startWritePathTestBackend,
  testClock,
  testScheduler,
  TestBackend,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(300_000);

const { prod, dev } = demoWorld.DEMO_CLUSTERS;
const VIEW = '/entities/component/default/payments-api/access';
const DAY = 86400_000;
/** When the sandbox's seed made its objects. */
const SEEDED = Date.parse('2026-01-15T09:00:00Z');

/** A backend on its own sandbox folder, its time on a test clock. */
function useReviewBackend(policy: object = {}) {
  const clock = testClock(new Date('2026-12-01T09:00:00Z'));
  const scheduler = testScheduler();
  const sandbox = new SandboxOnDisk();
  const context = {
    clock,
    scheduler,
    sandbox,
    backend: undefined as unknown as TestBackend,
  };
  beforeAll(async () => {
    context.backend = await startWritePathTestBackend({
      features: [clock.factory, scheduler.factory],
      deniedUsers: ['user:default/mallory'],
      aksAccess: {
        policy: { ...examplePolicy(), ...policy },
        sandbox: { enabled: true, dataDir: sandbox.dataDir },
      },
    });
  });
  afterAll(async () => {
    await context.backend?.stop();
    sandbox.remove();
  });
  return context;
}

type ViewGrant = {
  id: string;
  source: string;
  managed: boolean;
  role: string;
  review?: { dueAt: string; overdue: boolean; lastReviewedAt?: string };
};

async function grantsOf(backend: TestBackend, cluster: string) {
  const view = await api(backend).get(VIEW);
  return {
    findings: view.body.findings as Array<{ kind: string; id: string }>,
    grants: view.body.namespaces.find(
      (n: any) => n.cluster === cluster && n.namespace === 'payments-api',
    ).grants as ViewGrant[],
  };
}

describe('recertification of the grants of payments-api', () => {
  const ctx = useReviewBackend();

  it('computes due and overdue per environment, from when the grant was made', async () => {
    const { grants: devGrants, findings } = await grantsOf(
      ctx.backend,
      dev.name,
    );
    const managed = devGrants.find(
      g => g.managed && g.source === 'RoleBinding',
    )!;
    expect(managed.review).toEqual({
      dueAt: new Date(SEEDED + 180 * DAY).toISOString(),
      overdue: true,
    });
    const { grants: prodGrants } = await grantsOf(ctx.backend, prod.name);
    const assignment = prodGrants.find(
      g => g.managed && g.source === 'AzureRoleAssignment',
    )!;
    expect(assignment.review).toMatchObject({
      dueAt: new Date(SEEDED + 90 * DAY).toISOString(),
      overdue: true,
    });
    expect(
      findings.filter(f => f.kind === 'review-overdue').map(f => f.id),
    ).toEqual(
      expect.arrayContaining([
        `review-overdue:${dev.name}:payments-api:${managed.id}`,
        `review-overdue:${prod.name}:payments-api:${assignment.id}`,
      ]),
    );
  });

  it('refuses to revoke an external grant, saying who manages it, and then applies nothing of the batch', async () => {
    const { grants } = await grantsOf(ctx.backend, dev.name);
    const managed = grants.find(g => g.managed && g.source === 'RoleBinding')!;
    const external = grants.find(
      g => !g.managed && g.source === 'RoleBinding',
    )!;
    const before = ctx.sandbox.stateBytes();
    const refused = await api(ctx.backend).post('/grants/reviews', {
      decisions: [
        { grantId: managed.id, decision: 'keep' },
        { grantId: external.id, decision: 'revoke' },
      ],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      `RoleBinding payments-api/legacy-readers on ${dev.name} cannot be revoked from Backstage: it was made outside aks-access (kubectl, GitOps or the cluster administrators); change it there, or keep it`,
    );
    expect(ctx.sandbox.stateBytes()).toBe(before);
    const after = await grantsOf(ctx.backend, dev.name);
    expect(
      after.grants.find(g => g.id === managed.id)!.review!.lastReviewedAt,
    ).toBeUndefined();
  });

  it('keeps and revokes in one batch, planned first as a dry run', async () => {
    const { grants: devGrants } = await grantsOf(ctx.backend, dev.name);
    const { grants: prodGrants } = await grantsOf(ctx.backend, prod.name);
    const keep = devGrants.find(g => g.managed && g.source === 'RoleBinding')!;
    const external = devGrants.find(
      g => !g.managed && g.source === 'RoleBinding',
    )!;
    const revoke = prodGrants.find(
      g => g.managed && g.source === 'AzureRoleAssignment',
    )!;
    const decisions = [
      { grantId: keep.id, decision: 'keep' },
      { grantId: external.id, decision: 'keep' },
      { grantId: revoke.id, decision: 'revoke' },
    ];
    const before = ctx.sandbox.stateBytes();
    const plan = await api(ctx.backend).post('/grants/reviews', {
      decisions,
      dryRun: true,
    });
    expect(plan.status).toBe(200);
    expect(plan.body.results.map((r: any) => r.outcome)).toEqual([
      'planned',
      'planned',
      'planned',
    ]);
    expect(plan.body.changes).toContainEqual(
      expect.objectContaining({ kind: 'roleAssignments', action: 'delete' }),
    );
    expect(ctx.sandbox.stateBytes()).toBe(before);

    const done = await api(ctx.backend).post('/grants/reviews', { decisions });
    expect(done.status).toBe(200);
    expect(done.body.results.map((r: any) => r.outcome)).toEqual([
      'kept',
      'kept',
      'revoked',
    ]);
    const now = ctx.clock.now().getTime();
    const after = await grantsOf(ctx.backend, dev.name);
    for (const id of [keep.id, external.id]) {
      expect(after.grants.find(g => g.id === id)!.review).toEqual({
        lastReviewedAt: new Date(now).toISOString(),
        reviewedBy: 'user:default/alice',
        dueAt: new Date(now + 180 * DAY).toISOString(),
        overdue: false,
      });
    }
    expect(after.findings.some(f => f.id.endsWith(keep.id))).toBe(false);
    const prodAfter = await grantsOf(ctx.backend, prod.name);
    expect(prodAfter.grants.map(g => g.id)).not.toContain(revoke.id);
    const audit = await api(ctx.backend, 'user:default/dave').get('/audit');
    expect(
      audit.body.items.filter(
        (e: any) => e.action === 'grant.review' && !e.dryRun,
      ),
    ).toHaveLength(3);
  });

  it('refuses a reviewer who may not review the entity', async () => {
    const { grants } = await grantsOf(ctx.backend, dev.name);
    const refused = await api(ctx.backend, 'user:default/mallory').post(
      '/grants/reviews',
      { decisions: [{ grantId: grants[0].id, decision: 'keep' }] },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Not allowed: aks-access.grant.review on component:default/payments-api',
    );
  });
});

describe('auto-revoke past reviews.autoRevokeAfterDays', () => {
  const ctx = useReviewBackend({
    reviews: { intervalDays: { prod: 90, dev: 180 }, autoRevokeAfterDays: 30 },
  });

  it('revokes the managed grants that far past due, and leaves external ones', async () => {
    const before = await grantsOf(ctx.backend, dev.name);
    const managed = before.grants.filter(
      g => g.managed && g.source === 'RoleBinding',
    );
    const external = before.grants.filter(
      g => !g.managed && g.source === 'RoleBinding',
    );
    expect(managed.length).toBeGreaterThan(0);
    await ctx.scheduler.triggerTask('aks-access-review-auto-revoke');
    const after = await grantsOf(ctx.backend, dev.name);
    const ids = after.grants.map(g => g.id);
    for (const g of managed) expect(ids).not.toContain(g.id);
    for (const g of external) expect(ids).toContain(g.id);
  });
});
