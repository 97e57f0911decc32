import {
  demoWorld,
  api,
  useBackendOnSandboxOnDisk,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(180_000);

/*
 * Every write's dry run (DESIGN §5): the answer is the plan, and the
 * sandbox's state (state.json and its journal, where every acknowledged write
 * lands) is byte-identical before and after.
 */
describe('dry runs', () => {
  const onDisk = useBackendOnSandboxOnDisk();
  const { sandbox } = onDisk;
  const entityRef = 'component:default/payments-api';
  const owner = 'group:default/team-payments';

  const plan = (body: any) =>
    (body.changes as any[]).map(c => `${c.kind}:${c.action}`).sort();

  /** Runs `request` and checks that the sandbox did not change at all. */
  async function changesNothing(request: () => PromiseLike<any>) {
    const before = sandbox.stateBytes();
    const response = await request();
    expect(response.status).toBe(200);
    expect(sandbox.stateBytes()).toBe(before);
    return response;
  }

  it.each(['aks-dev-neu', 'aks-prod-weu'])(
    'onboarding a namespace that does not exist yet, on %s, plans four creates',
    async cluster => {
      const alice = api(onDisk.backend);
      const namespace = `dry-fresh-${cluster.split('-')[1]}`;
      const body = { cluster, namespace, entityRef, owner, dryRun: true };
      const response = await changesNothing(() =>
        alice.post('/namespaces', body),
      );
      expect(plan(response.body)).toEqual([
        'LimitRange:create',
        'Namespace:create',
        'NetworkPolicy:create',
        'ResourceQuota:create',
      ]);
      // Nothing to grant into: the namespace really does not exist.
      const grant = await alice.post('/grants', {
        cluster,
        namespace,
        principal: 'group:default/payments-readers',
        level: 'read',
        dryRun: true,
      });
      expect(grant.status).toBe(404);

      // The real run does what the plan said.
      const real = await alice.post('/namespaces', { ...body, dryRun: false });
      expect(real.status).toBe(200);
      expect(plan(real.body)).toEqual(plan(response.body));
    },
  );

  it.each(['aks-dev-neu', 'aks-prod-weu'])(
    'on an existing namespace on %s, every write plans and changes nothing',
    async cluster => {
      const alice = api(onDisk.backend);
      const namespace = `dry-existing-${cluster.split('-')[1]}`;
      const onboard = { cluster, namespace, entityRef, owner };
      expect((await alice.post('/namespaces', onboard)).status).toBe(200);

      // Onboarding again: nothing to do, and a changed owner is an update.
      const again = await changesNothing(() =>
        alice.post('/namespaces', { ...onboard, dryRun: true }),
      );
      expect(plan(again.body)).toEqual([
        'LimitRange:unchanged',
        'Namespace:unchanged',
        'NetworkPolicy:unchanged',
        'ResourceQuota:unchanged',
      ]);
      const newOwner = await changesNothing(() =>
        alice.post('/namespaces', {
          ...onboard,
          owner: 'group:default/platform-admins',
          dryRun: true,
        }),
      );
      expect(plan(newOwner.body)).toContain('Namespace:update');

      // A grant to a group that holds nothing on the cluster yet.
      const grant = {
        cluster,
        namespace,
        principal: 'group:default/payments-readers',
        level: 'read',
      };
      const grantPlan = await changesNothing(() =>
        alice.post('/grants', { ...grant, dryRun: true }),
      );
      expect(grantPlan.body.changes.length).toBeGreaterThan(0);
      expect(
        grantPlan.body.changes.some((c: any) => c.action === 'create'),
      ).toBe(true);
      expect(
        grantPlan.body.changes.find((c: any) =>
          ['RoleBinding', 'roleAssignments'].includes(c.kind),
        ),
      ).toMatchObject({ action: 'create' });
      expect(grantPlan.body.grantId).toBeTruthy();

      // A workload identity that does not exist: every part is a create.
      const federate = {
        cluster,
        namespace,
        serviceAccount: 'api',
        entityRef,
        identityName: `id-dry-${cluster.split('-')[1]}`,
        azureRoles: [
          {
            role: 'Key Vault Secrets User',
            scope: demoWorld.DEMO_KEYVAULT_SCOPE,
          },
        ],
      };
      const federatePlan = await changesNothing(() =>
        alice.post('/workload-identities', { ...federate, dryRun: true }),
      );
      expect(plan(federatePlan.body)).toEqual([
        'ServiceAccount:create',
        'federatedIdentityCredentials:create',
        'roleAssignments:create',
        'userAssignedIdentities:create',
      ]);

      // The real runs do what the plans said (the identity's ids aside).
      const granted = await alice.post('/grants', grant);
      expect(granted.status).toBe(200);
      expect(plan(granted.body)).toEqual(plan(grantPlan.body));
      expect(granted.body.grantId).toBe(grantPlan.body.grantId);
      const federated = await alice.post('/workload-identities', federate);
      expect(federated.status).toBe(200);
      expect(plan(federated.body)).toEqual(plan(federatePlan.body));

      // A second ServiceAccount on the existing identity: the identity is unchanged.
      const secondPlan = await changesNothing(() =>
        alice.post('/workload-identities', {
          ...federate,
          serviceAccount: 'worker',
          dryRun: true,
        }),
      );
      expect(plan(secondPlan.body)).toEqual([
        'ServiceAccount:create',
        'federatedIdentityCredentials:create',
        'roleAssignments:unchanged',
        'userAssignedIdentities:unchanged',
      ]);
      expect(secondPlan.body.clientId).toBe(federated.body.clientId);

      // The removals plan deletes, and delete nothing.
      const revokePlan = await changesNothing(() =>
        alice.delete(
          `/grants/${encodeURIComponent(granted.body.grantId)}?dryRun=true`,
        ),
      );
      expect(plan(revokePlan.body)).toEqual([
        expect.stringMatching(/^(RoleBinding|roleAssignments):delete$/),
      ]);
      const removePlan = await changesNothing(() =>
        alice.delete(
          `/workload-identities/${cluster}/${namespace}/api?dryRun=true`,
        ),
      );
      expect(plan(removePlan.body)).toEqual(
        expect.arrayContaining([
          'federatedIdentityCredentials:delete',
          'roleAssignments:delete',
          expect.stringMatching(/^ServiceAccount:(delete|update)$/),
        ]),
      );
      const offboardPlan = await changesNothing(() =>
        alice.delete(
          `/namespaces/${cluster}/${namespace}?deleteNamespace=true&dryRun=true`,
        ),
      );
      expect(plan(offboardPlan.body)).toEqual(
        expect.arrayContaining([
          'Namespace:delete',
          'federatedIdentityCredentials:delete',
          'roleAssignments:delete',
          'userAssignedIdentities:delete',
          expect.stringMatching(/^(RoleBinding|roleAssignments):delete$/),
        ]),
      );

      // After all those plans, the real grant and identity are still there.
      const still = await changesNothing(() =>
        alice.post('/workload-identities', { ...federate, dryRun: true }),
      );
      expect(
        still.body.changes.every((c: any) => c.action === 'unchanged'),
      ).toBe(true);
    },
  );
});
