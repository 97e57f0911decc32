import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import {
  demoWorld,
  RunningSandbox,
  embeddedSandboxOn,
  SandboxCalls,
  sandboxPorts,
  api,
  startWritePathTestBackend,
  TestBackend,
  type SandboxState,
  postgresDatabases,
  postgresUnavailable,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(300_000);

/*
 * Two backend replicas, as two pods of one Deployment: one PostgreSQL
 * database (each replica with its own connection pool), one sandbox (as one
 * Azure tenant and its clusters). Both take the same requests at once, and
 * the outcome must be what one replica taking them in turn would give.
 */

const databases = postgresDatabases;

const skipReason = postgresUnavailable();
if (skipReason) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping the two-replica tests: ${skipReason}`);
}
const describeOnPostgres = skipReason ? describe.skip : describe;

const CLUSTER = 'aks-prod-weu';
const ENTITY = 'component:default/payments-api';
const RIVAL = 'component:default/checkout-web';
const NAMESPACES = ['replicas-a', 'replicas-b', 'replicas-c'];
const CONTESTED = 'replicas-contested';
const IDENTITY = 'id-replicas-race';
const SERVICE_ACCOUNTS = ['api', 'worker', 'cron', 'migrator', 'metrics'];
const KEYVAULT_ROLE = {
  role: 'Key Vault Secrets User',
  scope: demoWorld.DEMO_KEYVAULT_SCOPE,
};

type Response = { status: number; body: any };

const statuses = (responses: Response[]) =>
  responses.map(r => `${r.status} ${r.body?.error?.message ?? ''}`.trim());

function counts<T>(items: T[], key: (item: T) => string) {
  const found = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    found.set(k, (found.get(k) ?? 0) + 1);
  }
  return found;
}

function namespaceObjects(state: SandboxState, namespace: string) {
  return Object.values(state.clusters[CLUSTER].objects).filter(
    o =>
      o.metadata.namespace === namespace ||
      (o.kind === 'Namespace' && o.metadata.name === namespace),
  );
}

describeOnPostgres(
  `two replicas on one PostgreSQL database and one sandbox${
    skipReason ? ` (skipped: ${skipReason})` : ''
  }`,
  () => {
    const dataDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'aks-access-replicas-'),
    );
    const knexes: Knex[] = [];
    const replicas: TestBackend[] = [];
    let sandbox: RunningSandbox;
    let calls: SandboxCalls;

    /** Replica i's client, alternating, so every batch reaches both. */
    const on = (i: number) => api(replicas[i % replicas.length]);

    async function auditRows(action: string, namespaces: string[]) {
      return knexes[0]('aks_access_audit')
        .where({ action })
        .whereIn('namespace', namespaces)
        .select('outcome', 'entity_ref', 'namespace');
    }

    beforeAll(async () => {
      const first = await databases.init('POSTGRES_15');
      // The second replica's own pool on the same database, as its own pod would have.
      knexes.push(first, knexFactory(first.client.config));
      // One after the other: each runs the plugin's migrations on start.
      for (const database of knexes) {
        replicas.push(
          await startWritePathTestBackend({
            database,
            aksAccess: {
              sandbox: {
                enabled: true,
                // The same folder: the replicas share the one sandbox.
                dataDir,
                // A little latency widens every race; overlapping FIC writes
                // on one identity fail as Entra fails them.
                faults: { latencyMs: 5, ficConcurrencyWindowMs: 100 },
              },
            },
          }),
        );
      }
      sandbox = embeddedSandboxOn(dataDir)!;
      calls = new SandboxCalls(() => sandboxPorts(sandbox));
    });

    afterAll(async () => {
      calls?.close();
      for (const replica of replicas.reverse()) await replica.stop();
      await knexes[1]?.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('share one sandbox and one database', async () => {
      expect(sandbox).toBeDefined();
      const [a, b] = await Promise.all(
        replicas.map((_, i) => on(i).get('/clusters')),
      );
      expect(a.body.items.map((c: any) => c.name)).toEqual(
        b.body.items.map((c: any) => c.name),
      );
      const names = await Promise.all(
        knexes.map(async k => {
          const result = await k.raw('select current_database() as name');
          return result.rows[0].name;
        }),
      );
      expect(names[1]).toBe(names[0]);
    });

    it('onboard the same namespaces at once: every call succeeds, a rival claim is a clean 409', async () => {
      const onboard = (i: number, namespace: string, entityRef: string) =>
        on(i).post('/namespaces', {
          cluster: CLUSTER,
          namespace,
          entityRef,
          owner:
            entityRef === ENTITY
              ? 'group:default/team-payments'
              : 'group:default/team-checkout',
        });
      const same = NAMESPACES.flatMap(namespace =>
        [0, 1, 2, 3].map(i => () => onboard(i, namespace, ENTITY)),
      );
      // Replica 0 onboards the contested namespace for one entity, replica 1 for another.
      const contested = [0, 1, 2, 3].map(
        i => () => onboard(i, CONTESTED, i % 2 ? RIVAL : ENTITY),
      );
      const responses = await Promise.all(
        [...same, ...contested].map(send => send()),
      );
      const sameResponses = responses.slice(0, same.length);
      const contestedResponses = responses.slice(same.length);

      expect(statuses(sameResponses)).toEqual(sameResponses.map(() => '200'));
      // Whoever came first owns it; the other entity's calls are refused, not merged.
      const winner = contestedResponses[0].status === 200 ? ENTITY : RIVAL;
      const byEntity = (entityRef: string) =>
        contestedResponses.filter(
          (_, i) => (i % 2 ? RIVAL : ENTITY) === entityRef,
        );
      expect(statuses(byEntity(winner))).toEqual(['200', '200']);
      const loser = winner === ENTITY ? RIVAL : ENTITY;
      for (const refused of byEntity(loser)) {
        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toContain(
          `already exists and belongs to ${winner}`,
        );
      }
      // Exactly one creation of each object across all calls.
      for (const namespace of NAMESPACES) {
        const created = sameResponses
          .filter(r => r.body.namespace === namespace)
          .flatMap(r => r.body.changes)
          .filter((c: any) => c.action === 'create');
        expect(created.map((c: any) => c.kind).sort()).toEqual([
          'LimitRange',
          'Namespace',
          'NetworkPolicy',
          'ResourceQuota',
        ]);
      }

      const state = sandbox.store.state;
      for (const namespace of [...NAMESPACES, CONTESTED]) {
        // Besides the `default` ServiceAccount the namespace controller adds.
        const objects = namespaceObjects(state, namespace).filter(
          o => o.kind !== 'ServiceAccount',
        );
        expect(objects.map(o => o.kind).sort()).toEqual([
          'LimitRange',
          'Namespace',
          'NetworkPolicy',
          'ResourceQuota',
        ]);
        const ns = objects.find(o => o.kind === 'Namespace')!;
        expect(
          ns.metadata.annotations?.['aks-access.backstage.io/entity-ref'],
        ).toBe(namespace === CONTESTED ? winner : ENTITY);
      }

      // One audit row per call, whichever replica took it.
      const rows = await auditRows('namespace.onboard', [
        ...NAMESPACES,
        CONTESTED,
      ]);
      expect(rows).toHaveLength(responses.length);
      expect(rows.filter(r => r.outcome === 'failure')).toHaveLength(2);
      // Either replica reads what the other wrote: the rival's two calls
      // went one to each.
      const [viaA, viaB] = await Promise.all(
        [0, 1].map(i =>
          on(i).get(`/audit?entityRef=${encodeURIComponent(RIVAL)}&limit=500`),
        ),
      );
      expect(viaA.body.items).toHaveLength(2);
      expect(viaB.body.items).toEqual(viaA.body.items);
    });

    it('grant at once: one role assignment per principal, role and scope', async () => {
      const principals = [
        ['group:default/payments-readers', 'read'],
        ['group:default/team-payments', 'admin'],
      ];
      const requests = NAMESPACES.flatMap(namespace =>
        principals.flatMap(([principal, level]) =>
          [0, 1, 2, 3].map(i => ({ i, namespace, principal, level })),
        ),
      );
      const responses = await Promise.all(
        requests.map(({ i, ...grant }) =>
          on(i).post('/grants', { cluster: CLUSTER, ...grant }),
        ),
      );
      expect(statuses(responses)).toEqual(responses.map(() => '200'));
      // The same grant, whichever replica made it.
      const ids = counts(
        requests.map((r, k) => ({ ...r, id: responses[k].body.grantId })),
        r => `${r.namespace} ${r.principal} ${r.id}`,
      );
      expect(ids.size).toBe(NAMESPACES.length * principals.length);

      const assignments = Object.values(sandbox.store.state.roleAssignments);
      const duplicated = [
        ...counts(
          assignments,
          a =>
            `${a.principalId} ${a.roleDefinitionId
              .split('/')
              .pop()!
              .toLowerCase()} ${a.scope.toLowerCase()}`,
        ),
      ].filter(([, n]) => n > 1);
      expect(duplicated).toEqual([]);
      const atOurNamespaces = assignments.filter(a =>
        NAMESPACES.some(ns => a.scope.endsWith(`/namespaces/${ns}`)),
      );
      expect(atOurNamespaces).toHaveLength(
        NAMESPACES.length * principals.length,
      );

      const rows = await auditRows('grant.create', NAMESPACES);
      expect(rows).toHaveLength(responses.length);
      expect(rows.every(r => r.outcome === 'success')).toBe(true);
    });

    it('federate many ServiceAccounts onto one identity at once: one FIC each, no 409 anywhere', async () => {
      const from = performance.now();
      // Every ServiceAccount twice, once through each replica; different
      // namespaces hold different namespace locks, so only the identity's
      // FIC lock keeps their FIC writes apart.
      const requests = NAMESPACES.flatMap(namespace =>
        SERVICE_ACCOUNTS.flatMap(serviceAccount =>
          [0, 1].map(i => ({ i, namespace, serviceAccount })),
        ),
      );
      const responses = await Promise.all(
        requests.map(({ i, namespace, serviceAccount }) =>
          on(i).post('/workload-identities', {
            cluster: CLUSTER,
            namespace,
            serviceAccount,
            entityRef: ENTITY,
            identityName: IDENTITY,
            azureRoles: [KEYVAULT_ROLE],
          }),
        ),
      );
      expect(statuses(responses)).toEqual(responses.map(() => '200'));
      const clientIds = new Set(responses.map(r => r.body.clientId));
      expect(clientIds.size).toBe(1);
      const [clientId] = clientIds;

      // The sandbox never refused a FIC write: the lock, not retries, kept them apart.
      const ficWrites = calls
        .since(from)
        .filter(
          c =>
            c.method === 'PUT' &&
            c.url.includes(`/${IDENTITY}/federatedIdentityCredentials/`),
        );
      expect(
        ficWrites
          .filter(c => c.status !== 201)
          .map(c => `${c.status} ${c.url.split('?')[0].split('/').pop()}`),
      ).toEqual([]);
      expect(ficWrites).toHaveLength(
        NAMESPACES.length * SERVICE_ACCOUNTS.length,
      );

      const state = sandbox.store.state;
      const identities = Object.values(state.identities).filter(
        i => i.name.toLowerCase() === IDENTITY,
      );
      expect(identities).toHaveLength(1);
      const [identity] = identities;
      expect(identity.clientId).toBe(clientId);
      const fics = identity.federatedIdentityCredentials;
      const subjects = counts(fics, f => `${f.issuer} ${f.subject}`);
      expect([...subjects.values()].every(n => n === 1)).toBe(true);
      expect(fics.map(f => f.subject).sort()).toEqual(
        NAMESPACES.flatMap(ns =>
          SERVICE_ACCOUNTS.map(sa => `system:serviceaccount:${ns}:${sa}`),
        ).sort(),
      );
      expect(
        Object.values(state.roleAssignments).filter(
          a => a.principalId === identity.principalId,
        ),
      ).toHaveLength(1);
      for (const namespace of NAMESPACES) {
        const accounts = namespaceObjects(state, namespace).filter(
          o =>
            o.kind === 'ServiceAccount' &&
            SERVICE_ACCOUNTS.includes(o.metadata.name),
        );
        expect(accounts).toHaveLength(SERVICE_ACCOUNTS.length);
        for (const sa of accounts) {
          expect(
            sa.metadata.annotations?.['azure.workload.identity/client-id'],
          ).toBe(clientId);
        }
      }

      const rows = await auditRows('workload-identity.create', NAMESPACES);
      expect(rows).toHaveLength(responses.length);
      expect(rows.every(r => r.outcome === 'success')).toBe(true);
    });
  },
);
