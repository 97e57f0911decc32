import {
  demoWorld,
  api,
  startWritePathTestBackend,
  TestBackend,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(120_000);

const { DEMO_GROUPS } = demoWorld;

describe('write path on the sandbox', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startWritePathTestBackend();
  });
  afterAll(() => backend?.stop());

  it.each(['aks-dev-neu', 'aks-prod-weu'])(
    'onboards, grants and federates on %s, idempotently',
    async cluster => {
      const alice = api(backend);
      const onboard = {
        cluster,
        namespace: `payments-sandbox-${cluster.split('-')[1]}`,
        entityRef: 'component:default/payments-api',
        owner: 'group:default/team-payments',
      };
      const first = await alice.post('/namespaces', onboard);
      expect(first.status).toBe(200);
      expect(
        first.body.changes.map((c: any) => `${c.kind}:${c.action}`).sort(),
      ).toEqual([
        'LimitRange:create',
        'Namespace:create',
        'NetworkPolicy:create',
        'ResourceQuota:create',
      ]);
      const again = await alice.post('/namespaces', onboard);
      expect(again.status).toBe(200);
      expect(
        again.body.changes.every((c: any) => c.action === 'unchanged'),
      ).toBe(true);

      const grant = {
        cluster,
        namespace: onboard.namespace,
        principal: 'group:default/payments-readers',
        level: 'read',
      };
      const granted = await alice.post('/grants', grant);
      expect(granted.status).toBe(200);
      expect(granted.body.grantId).toBeTruthy();
      const grantedAgain = await alice.post('/grants', grant);
      expect(
        grantedAgain.body.changes.every((c: any) => c.action === 'unchanged'),
      ).toBe(true);
      expect(grantedAgain.body.grantId).toBe(granted.body.grantId);

      const federate = {
        cluster,
        namespace: onboard.namespace,
        serviceAccount: 'api',
        entityRef: onboard.entityRef,
        identityName: `id-payments-sandbox-${cluster.split('-')[1]}`,
        azureRoles: [
          {
            role: 'Key Vault Secrets User',
            scope: demoWorld.DEMO_KEYVAULT_SCOPE,
          },
        ],
      };
      const federated = await alice.post('/workload-identities', federate);
      expect(federated.status).toBe(200);
      expect(federated.body.clientId).toMatch(/^[0-9a-f-]{36}$/);
      const federatedAgain = await alice.post('/workload-identities', federate);
      expect(federatedAgain.status).toBe(200);
      expect(
        federatedAgain.body.changes.every((c: any) => c.action === 'unchanged'),
      ).toBe(true);

      const audit = await alice.get(
        `/audit?entityRef=${encodeURIComponent(onboard.entityRef)}&limit=10`,
      );
      expect(audit.status).toBe(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'workload-identity.create',
        outcome: 'success',
        actor: 'user:default/alice',
      });

      const removed = await alice.delete(
        `/workload-identities/${cluster}/${onboard.namespace}/api`,
      );
      expect(removed.status).toBe(200);
      // The page revokes with the id the access view shows: the same one.
      const view = await alice.get(
        '/entities/component/default/payments-api/access',
      );
      const shown = view.body.namespaces
        .filter((n: any) => n.namespace === onboard.namespace)
        .flatMap((n: any) => n.grants.map((g: any) => g.id));
      expect(shown).toContain(granted.body.grantId);
      const revoked = await alice.delete(`/grants/${granted.body.grantId}`);
      expect(revoked.status).toBe(200);
      const offboarded = await alice.delete(
        `/namespaces/${cluster}/${onboard.namespace}?deleteNamespace=true`,
      );
      expect(offboarded.status).toBe(200);
      void DEMO_GROUPS;
    },
  );
});
