import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseLock } from '../resilience/DatabaseLock';
import { AuditStore } from './AuditStore';
import { migratedDatabase } from './migrate';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('on %s', databaseId => {
  async function migrated() {
    const knex = await databases.init(databaseId);
    return migratedDatabase({ getClient: async () => knex });
  }

  it('migrates up and down, and keeps audit rows newest first per entity', async () => {
    const knex = await migrated();
    const store = new AuditStore(knex);
    const base = {
      actor: 'user:default/alice',
      action: 'namespace.onboard' as const,
      cluster: 'aks-dev-neu',
      namespace: 'payments',
      dryRun: false,
      outcome: 'success' as const,
      subject: {},
    };
    await store.record({
      ...base,
      entityRef: 'component:default/payments-api',
      changes: [
        {
          target: 'kubernetes',
          kind: 'Namespace',
          name: 'payments',
          action: 'create',
        },
      ],
    });
    await store.record({
      ...base,
      entityRef: 'Component:default/payments-api',
      dryRun: true,
      outcome: 'failure',
      error: 'boom',
      changes: [],
    });
    await store.record({
      ...base,
      entityRef: 'component:default/other',
      changes: [],
      subject: {
        requestId: '0f8fad5b-d9cb-469f-a165-70867728950e',
        principal: 'group:default/team-payments',
        level: 'write',
        duration: 'PT4H',
      },
    });

    const items = await store.list({
      entityRef: 'component:default/payments-api',
    });
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      dryRun: true,
      outcome: 'failure',
      error: 'boom',
      changes: [],
    });
    expect(items[1]).toMatchObject({
      actor: 'user:default/alice',
      dryRun: false,
      outcome: 'success',
      changes: [{ kind: 'Namespace', action: 'create' }],
    });
    expect(new Date(items[1].at).getTime()).toBeGreaterThan(0);
    expect(await store.list({ limit: 1 })).toHaveLength(1);
    const byRequest = await store.list({
      requestId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    });
    expect(byRequest).toHaveLength(1);
    expect(byRequest[0]).toMatchObject({
      entityRef: 'component:default/other',
      subject: {
        principal: 'group:default/team-payments',
        level: 'write',
        duration: 'PT4H',
      },
    });

    await knex.migrate.rollback(
      {
        directory: require('node:path').resolve(__dirname, '../../migrations'),
      },
      true,
    );
    expect(await knex.schema.hasTable('aks_access_audit')).toBe(false);
  });

  it("serializes holders of one key and lets a dead holder's lease expire", async () => {
    const knex = await migrated();
    const lockA = new DatabaseLock(knex);
    const lockB = new DatabaseLock(knex);
    const trace: string[] = [];
    const work = (lock: DatabaseLock, name: string) =>
      lock.withLock('fic:id-1', async () => {
        trace.push(`${name}+`);
        await new Promise(r => setTimeout(r, 30));
        trace.push(`${name}-`);
      });
    await Promise.all([work(lockA, 'a'), work(lockB, 'b'), work(lockA, 'c')]);
    for (let i = 0; i < trace.length; i += 2) {
      expect(trace[i].slice(0, 1)).toBe(trace[i + 1].slice(0, 1));
    }

    await knex('aks_access_locks').insert({
      key: 'dead',
      holder: 'gone',
      expires_at: Date.now() + 100,
    });
    const started = Date.now();
    await lockB.withLock('dead', async () => {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });
});
