import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import {
  demoWorld,
  identitiesNamed,
  inventory,
  problems,
  SandboxOnDisk,
  api,
  startWritePathTestBackend,
  TestBackend,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(240_000);

/*
 * A backend dies in the middle of a write; a new one, on the same sandbox and
 * the same database (as a restarted pod would be), gets the same request and
 * completes it: nothing is duplicated, nothing left half-done. The dead
 * process never released its namespace lease, so the rerun also shows that
 * the lease runs out.
 */
describe('a backend killed mid-operation', () => {
  const sandbox = new SandboxOnDisk();
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-access-db-'));
  let database: Knex;
  let backend: TestBackend | undefined;
  const cluster = 'aks-prod-weu';
  const namespace = 'kill-onboard';
  const federated = 'kill-federate';
  const entityRef = 'component:default/payments-api';
  const identityName = 'id-kill-rerun';
  const onboard = {
    cluster,
    namespace,
    entityRef,
    owner: 'group:default/team-payments',
  };
  const federate = {
    cluster,
    namespace: federated,
    serviceAccount: 'api',
    entityRef,
    identityName,
    azureRoles: [
      { role: 'Key Vault Secrets User', scope: demoWorld.DEMO_KEYVAULT_SCOPE },
    ],
  };
  const scope = { namespaces: [federated], identityNames: [identityName] };

  /** A backend on the shared sandbox folder and database. */
  const start = (faults: object = {}) =>
    startWritePathTestBackend({
      aksAccess: {
        sandbox: { enabled: true, dataDir: sandbox.dataDir, faults },
      },
      database,
    });

  beforeAll(() => {
    database = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dbDir, 'plugin.sqlite') },
      useNullAsDefault: true,
    });
  });
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });
  afterAll(async () => {
    await database?.destroy();
    sandbox.remove();
    fs.rmSync(dbDir, { recursive: true, force: true });
  });

  async function waitFor(condition: () => boolean, what: string) {
    const deadline = Date.now() + 60_000;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 20));
    }
  }

  /**
   * Sends `send`, and once `started` sees its first write land, stops the
   * backend under it. The sandbox stops with the backend, so the operation
   * fails at its next call (after its bounded retries, which the drain waits
   * out). Returns what the dying request answered, if anything.
   */
  async function killDuring(
    send: () => PromiseLike<any>,
    started: () => boolean,
  ) {
    const inFlight = Promise.resolve(send()).then(
      r => r,
      e => e,
    );
    await waitFor(started, 'the operation to start writing');
    await backend!.stop();
    backend = undefined;
    return Promise.race([
      inFlight,
      new Promise(r => setTimeout(() => r('no answer'), 5_000)),
    ]);
  }

  /**
   * A killed process never runs its `finally`: its lease row stays until it
   * expires. This is the row the dead holder leaves, `remainingMs` before
   * its lease (30 s from its last renewal) runs out.
   */
  /** Returns when the lease expires. */
  async function leaveStaleLease(
    key: string,
    remainingMs: number,
  ): Promise<number> {
    const expiresAt = Date.now() + remainingMs;
    await database('aks_access_locks').where({ key }).delete();
    await database('aks_access_locks').insert({
      key,
      holder: randomUUID(),
      expires_at: expiresAt,
    });
    return expiresAt;
  }

  const actions = (body: any) =>
    Object.fromEntries((body.changes as any[]).map(c => [c.kind, c.action]));

  it('onboarding: killed after the namespace, the rerun completes the rest and reports the namespace unchanged', async () => {
    backend = await start({ latencyMs: 250 });
    const namespaceKey = `/namespaces//${namespace}`;
    const dying = await killDuring(
      () => api(backend!).post('/namespaces', onboard),
      () => !!sandbox.state().clusters[cluster].objects[namespaceKey],
    );
    expect((dying as any)?.status).not.toBe(200);
    const objects = sandbox.state().clusters[cluster].objects;
    expect(objects[namespaceKey]).toBeDefined();
    // Killed in the middle: the namespace is there, its quota is not.
    expect(
      objects[`/resourcequotas/${namespace}/aks-access-quota`],
    ).toBeUndefined();

    const expires = await leaveStaleLease(
      `namespace:${cluster}/${namespace}`,
      3_000,
    );
    backend = await start();
    const rerun = await api(backend).post('/namespaces', onboard);
    expect(rerun.status).toBe(200);
    // It waited for the dead holder's lease, and no longer.
    // (from the lease's expiry, not from the restart: a start's length varies)
    expect(Date.now()).toBeGreaterThanOrEqual(expires);
    expect(actions(rerun.body)).toEqual({
      Namespace: 'unchanged',
      ResourceQuota: 'create',
      LimitRange: 'create',
      NetworkPolicy: 'create',
    });
    const again = await api(backend).post('/namespaces', onboard);
    expect(
      (again.body.changes as any[]).every(c => c.action === 'unchanged'),
    ).toBe(true);
  });

  it('federation: killed after the identity, the rerun completes it with one identity, one FIC, one role assignment', async () => {
    backend = await start({ latencyMs: 250 });
    const onboarded = await api(backend).post('/namespaces', {
      ...onboard,
      namespace: federated,
    });
    expect(onboarded.status).toBe(200);
    const identityExists = () =>
      identitiesNamed(sandbox.state(), [identityName]).length > 0;
    const dying = await killDuring(
      () => api(backend!).post('/workload-identities', federate),
      identityExists,
    );
    expect((dying as any)?.status).not.toBe(200);
    const half = inventory(sandbox.state(), scope);
    expect(half.identities).toBe(1);
    // Killed in the middle: the identity is there, not all of the rest.
    expect(
      half.fics + half.federatedServiceAccounts + half.identityRoleAssignments,
    ).toBeLessThan(3);
    const [before] = identitiesNamed(sandbox.state(), [identityName]);

    const expires = await leaveStaleLease(
      `namespace:${cluster}/${federated}`,
      3_000,
    );
    backend = await start();
    const rerun = await api(backend).post('/workload-identities', federate);
    expect(rerun.status).toBe(200);
    // (from the lease's expiry, not from the restart: a start's length varies)
    expect(Date.now()).toBeGreaterThanOrEqual(expires);
    expect(actions(rerun.body).userAssignedIdentities).toBe('unchanged');
    expect(rerun.body.clientId).toBe(before.clientId);

    const state = sandbox.state();
    expect(problems(state, scope)).toEqual([]);
    expect(inventory(state, scope)).toMatchObject({
      identities: 1,
      fics: 1,
      identityRoleAssignments: 1,
      federatedServiceAccounts: 1,
    });
    const again = await api(backend).post('/workload-identities', federate);
    expect(
      (again.body.changes as any[]).every(c => c.action === 'unchanged'),
    ).toBe(true);
    // And the workload really gets a token.
    expect(
      (
        await api(backend).post('/grants', {
          cluster,
          namespace: federated,
          principal: 'group:default/team-payments',
          level: 'admin',
        })
      ).status,
    ).toBe(200);
    const token = await sandbox.serviceAccountToken(
      cluster,
      'alice',
      federated,
      'api',
    );
    const exchanged = await sandbox.exchangeToken(rerun.body.clientId, token);
    expect(exchanged.status).toBe(200);
  });

  it('a live holder is waited for, not overtaken', async () => {
    backend = await start();
    // Another replica is mid-operation and keeps renewing its lease.
    const live = { ...onboard, namespace: 'kill-live' };
    const key = `namespace:${cluster}/${live.namespace}`;
    await leaveStaleLease(key, 30_000);
    let finished = false;
    const waiting = api(backend)
      .post('/namespaces', live)
      .then(r => {
        finished = true;
        return r;
      });
    await new Promise(r => setTimeout(r, 1_500));
    expect(finished).toBe(false);
    // The other replica finishes and releases its lease.
    await database('aks_access_locks').where({ key }).delete();
    const answered = await waiting;
    expect(answered.status).toBe(200);
  });
});
