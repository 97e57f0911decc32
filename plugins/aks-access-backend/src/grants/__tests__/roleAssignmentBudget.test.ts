import {
  api,
  demoWorld,
  examplePolicy,
  useBackendOnSandboxOnDisk,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(180_000);

const { prod, dev } = demoWorld.DEMO_CLUSTERS;
const SUB = demoWorld.DEMO_SUBSCRIPTION_ID;
const NAMESPACE = 'budget-payments';
const TEAM = 'group:default/team-payments';

/*
 * Azure's 4,000 role assignments per subscription, scaled down by the
 * policy's thresholds so the demo world's dozen assignments are near them:
 * warn at and refuse past 0.25% (10).
 */
describe('the role-assignment budget', () => {
  const ctx = useBackendOnSandboxOnDisk({
    aksAccess: {
      policy: {
        ...examplePolicy(),
        roleAssignmentBudget: { warnAtPercent: 0.25, refuseAtPercent: 0.25 },
      },
    },
  });
  const as = (user: string) => api(ctx.backend, `user:default/${user}`);

  it("shows each cluster's subscription count against the limit, with a finding past the warning", async () => {
    const res = await as('alice').get('/clusters');
    expect(res.status).toBe(200);
    for (const name of [prod.name, dev.name]) {
      const cluster = res.body.items.find((c: any) => c.name === name);
      expect(cluster.posture.roleAssignments).toMatchObject({
        subscriptionId: SUB,
        limit: 4000,
        warnAt: 10,
        refuseAt: 10,
      });
      expect(cluster.posture.roleAssignments.count).toBeGreaterThanOrEqual(10);
      const found = cluster.findings.find((f: any) =>
        f.id.includes('role-assignment-budget'),
      );
      expect(found).toMatchObject({
        title: 'Role assignments running out',
        cluster: name,
      });
      expect(found.remediation).toContain(
        `az role assignment list --all --subscription ${SUB}`,
      );
    }
  });

  it('refuses a grant that would cross the hard threshold with a 409 naming the subscription and the count, and writes nothing', async () => {
    const onboarded = await as('alice').post('/namespaces', {
      cluster: prod.name,
      namespace: NAMESPACE,
      entityRef: 'component:default/payments-api',
      owner: TEAM,
    });
    expect(onboarded.status).toBe(200);
    const count = (await as('alice').get('/clusters')).body.items.find(
      (c: any) => c.name === prod.name,
    ).posture.roleAssignments.count;
    const before = ctx.sandbox.stateBytes();
    const refused = await as('alice').post('/grants', {
      cluster: prod.name,
      namespace: NAMESPACE,
      principal: TEAM,
      level: 'read',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      new RegExp(
        `^Subscription ${SUB} holds ${count} of Azure's 4000 role assignments, and this change needs [12] more, past the policy's limit of 10 \\(roleAssignmentBudget.refuseAtPercent: 0.25%\\)`,
      ),
    );
    expect(ctx.sandbox.stateBytes()).toBe(before);
  });

  it('lets a grant through past the threshold when it adds no assignment', async () => {
    // team-payments holds write on payments-api and the Cluster User Role on
    // the cluster already (the demo seed): asking again costs nothing.
    const granted = await as('alice').post('/grants', {
      cluster: prod.name,
      namespace: 'payments-api',
      principal: TEAM,
      level: 'write',
      dryRun: true,
    });
    expect(granted.status).toBe(200);
    expect(
      granted.body.changes.map((c: any) => `${c.target} ${c.action}`),
    ).toEqual(['azure unchanged', 'azure unchanged']);
  });

  it('refuses a federation whose roles would cross the threshold before the identity is made', async () => {
    const before = ctx.sandbox.stateBytes();
    const refused = await as('alice').post('/workload-identities', {
      cluster: prod.name,
      namespace: NAMESPACE,
      serviceAccount: 'budget-worker',
      entityRef: 'component:default/payments-api',
      // A new identity: the demo's id-payments-api holds this role already,
      // and asking for it again costs nothing.
      identityName: 'id-budget-new',
      azureRoles: [
        {
          role: 'Key Vault Secrets User',
          scope: demoWorld.DEMO_KEYVAULT_SCOPE,
        },
      ],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      new RegExp(
        `^Subscription ${SUB} holds \\d+ of Azure's 4000 role assignments, and this change needs 1 more`,
      ),
    );
    expect(ctx.sandbox.stateBytes()).toBe(before);
  });

  it('lets a federation through when its identity holds its roles already', async () => {
    const again = await as('alice').post('/workload-identities', {
      cluster: prod.name,
      namespace: NAMESPACE,
      serviceAccount: 'budget-worker',
      entityRef: 'component:default/payments-api',
      azureRoles: [
        {
          role: 'Key Vault Secrets User',
          scope: demoWorld.DEMO_KEYVAULT_SCOPE,
        },
      ],
      dryRun: true,
    });
    expect(again.status).toBe(200);
  });
});
