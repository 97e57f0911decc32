import knexFactory, { Knex } from 'knex';
import {
  api,
  demoWorld,
  SandboxOnDisk,
  postgresDatabases,
  postgresUnavailable,
  startWritePathTestBackend,
  testClock,
  testScheduler,
  TestBackend,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(300_000);

const skipReason = postgresUnavailable();
const describeOnPostgres = skipReason ? describe.skip : describe;

const CLUSTER = demoWorld.DEMO_CLUSTERS.prod.name;
const EXPIRY_TASK = 'aks-access-expiry';
const HOUR = 3600_000;

/*
 * The expiry task across backend replicas on one PostgreSQL database and
 * one sandbox, on one clock: both replicas' tasks firing at once end a
 * grant once, with one audit row; a replica started after an expiry ends
 * it at startup.
 */
describeOnPostgres(
  `time-bound grants across replicas and restarts${
    skipReason ? ` (skipped: ${skipReason})` : ''
  }`,
  () => {
    // One sandbox folder for every replica: they share one Azure and its clusters.
    const sandbox = new SandboxOnDisk();
    const { dataDir } = sandbox;
    const clock = testClock();
    const knexes: Knex[] = [];
    const replicas: Array<{
      backend: TestBackend;
      scheduler: ReturnType<typeof testScheduler>;
    }> = [];

    async function startReplica() {
      const database = knexes.length
        ? knexFactory(knexes[0].client.config)
        : await postgresDatabases.init('POSTGRES_15');
      knexes.push(database);
      const scheduler = testScheduler();
      const backend = await startWritePathTestBackend({
        database,
        features: [clock.factory, scheduler.factory],
        aksAccess: { sandbox: { enabled: true, dataDir } },
      });
      replicas.push({ backend, scheduler });
      return { backend, scheduler };
    }

    /** bob asks for write for his team on a namespace of payments-api; alice, its owner, approves. */
    async function approvedRequest(namespace: string, on: TestBackend) {
      const onboarded = await api(on).post('/namespaces', {
        cluster: CLUSTER,
        namespace,
        entityRef: 'component:default/payments-api',
        owner: 'group:default/team-payments',
      });
      expect(onboarded.status).toBe(200);
      const asked = await api(on, 'user:default/bob').post('/access-requests', {
        cluster: CLUSTER,
        namespace,
        principal: 'group:default/team-checkout',
        level: 'write',
        duration: 'PT1H',
        justification: 'pairing with payments on the release',
      });
      const approved = await api(on).post(
        `/access-requests/${asked.body.request.id}/approve`,
        {},
      );
      expect(approved.status).toBe(200);
      return approved.body.request;
    }

    const canBob = (namespace: string) =>
      sandbox.canI(CLUSTER, 'bob', 'create', 'pods', namespace);
    const auditRows = (namespace: string) =>
      knexes[0]('aks_access_audit').where({
        action: 'grant.expire',
        namespace,
      });

    beforeAll(async () => {
      await startReplica();
      await startReplica();
    });

    afterAll(async () => {
      for (const replica of replicas.reverse()) await replica.backend.stop();
      for (const knex of knexes.slice(1)) await knex.destroy();
      sandbox.remove();
    });

    it('two replicas firing at once end a grant once, with one audit row', async () => {
      const namespace = 'jit-replicas';
      const request = await approvedRequest(namespace, replicas[0].backend);
      expect(await canBob(namespace)).toBe(true);
      clock.advance(HOUR + 1000);
      await Promise.all(
        replicas.map(r => r.scheduler.triggerTask(EXPIRY_TASK)),
      );
      expect(await canBob(namespace)).toBe(false);
      const rows = await auditRows(namespace);
      expect(rows.map(r => r.outcome)).toEqual(['success']);
      const listed = await api(replicas[1].backend, 'user:default/bob').get(
        '/access-requests?mine=true',
      );
      expect(
        listed.body.items.find((r: any) => r.id === request.id).state,
      ).toBe('expired');
    });

    it('a replica that starts after an expiry ends the grant at startup', async () => {
      const namespace = 'jit-restart';
      const second = replicas[1];
      await approvedRequest(namespace, second.backend);
      expect(await canBob(namespace)).toBe(true);
      // The replica goes down; the grant's end passes while nobody runs the task.
      await second.backend.stop();
      replicas.splice(1, 1);
      clock.advance(HOUR + 1000);
      expect(await canBob(namespace)).toBe(true);
      await startReplica();
      expect(await canBob(namespace)).toBe(false);
      expect((await auditRows(namespace)).length).toBe(1);
    });
  },
);
