/*
 * bench:expiry — one pass of the scheduled task `aks-access-expiry`
 * (sweepExpiries) with N active time-bound grants in the database, K of
 * which reach their end at the sweep. The claim under test: the sweep's
 * upstream calls (and database queries) scale with K, the grants expiring,
 * not with N, the grants active.
 *
 * The world is the sandbox's `large` seed, embedded in a test backend
 * (aksAccess.sandbox.seed): aks-prod-weu and aks-bench-eus (Entra + Azure
 * RBAC) and aks-dev-neu (Kubernetes RBAC), with 10,000 namespaces, 100,000
 * RoleBindings, 2,000 role assignments and 2,000 identities.
 *
 * - K real grants, made through the REST API as users make them: alice asks
 *   for team-payments, one namespace of checkout-api each (onboarded by bob
 *   for team-checkout), spread evenly over the three clusters; on
 *   aks-dev-neu `read` needs no approval, on aks-prod-weu and aks-bench-eus
 *   bob approves `write`. The embedded policy (app-config.yaml) has no rule
 *   for aks-bench-eus's environment (`bench`), so the bench adds the prod
 *   rules for it; nothing else in the policy changes.
 * - N − K more active grants are rows inserted into `aks_access_requests`
 *   (an in-memory SQLite database passed to the backend), over the same
 *   three clusters and the large world's namespaces, ending 1 h to 30 days
 *   after the sweep (past the 15-minute notice window): the sweep must not
 *   touch them, and they have no objects in the sandbox.
 *
 * Then the test clock moves past the K grants' end and the task is
 * triggered once. Calls are counted on the sandbox's side (Node's
 * http.server diagnostics channels; watches left out), queries on the knex
 * client. Every (N, K) runs BENCH_RUNS times (default 3), interleaved, after
 * one warm-up; BENCH_VERBOSE=1 lists the calls of one sweep per K.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import knexFactory, { Knex } from 'knex';
import { encodeGrantId } from '@aks-access/plugin-aks-access-common';
import {
  api,
  demoWorld,
  embeddedSandboxOn,
  examplePolicy,
  RunningSandbox,
  SandboxCall,
  SandboxCalls,
  sandboxPorts,
  startWritePathTestBackend,
  TestBackend,
  testClock,
  testScheduler,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

const NS = [1_000, 10_000];
const KS = [12, 48];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const VERBOSE = !!process.env.BENCH_VERBOSE;
const EXPIRY_TASK = 'aks-access-expiry';
const TABLE = 'aks_access_requests';
const DURATION = 'PT1H';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ENTITY = 'component:default/checkout-api';
const TEAM = 'group:default/team-payments';
const FILLER_PREFIX = 'f111e000-';

const ms = (n: number) => `${n.toFixed(0)} ms`;
const n0 = (n: number) => n.toLocaleString('en-US');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A small deterministic PRNG (mulberry32), so every run fills alike. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Cluster {
  name: string;
  resourceGroup: string;
  azureRbac: boolean;
  /** The level alice asks for, and whether bob must approve it. */
  level: 'read' | 'write';
  approval: boolean;
}

// ---------------------------------------------------------------- calls

interface Kind {
  phase: 'revoke' | 'index refresh' | 'other';
  kind: string;
  cluster?: string;
}

function classify(call: SandboxCall, clusterByPort: Map<number, string>): Kind {
  const url = call.url.split('?')[0];
  const onCluster = clusterByPort.get(call.port);
  if (onCluster) {
    if (/\/rolebindings\/[^/]+$/.test(url))
      return {
        phase: 'revoke',
        kind: `${call.method} RoleBinding`,
        cluster: onCluster,
      };
    if (/^\/api\/v1\/namespaces\/[^/]+$/.test(url))
      return {
        phase: 'revoke',
        kind: `${call.method} Namespace`,
        cluster: onCluster,
      };
    return {
      phase: 'other',
      kind: `${call.method} ${url}`,
      cluster: onCluster,
    };
  }
  const cluster = /\/managedClusters\/([^/?]+)/.exec(url)?.[1];
  if (/\/roleAssignments\/[^/]+$/.test(url))
    return { phase: 'revoke', kind: `${call.method} role assignment`, cluster };
  if (/\/managedClusters\/[^/]+$/.test(url))
    return {
      phase: 'index refresh',
      kind: `${call.method} managed cluster`,
      cluster,
    };
  if (/\/userAssignedIdentities$/.test(url))
    return {
      phase: 'index refresh',
      kind: `${call.method} identities (LIST, a page)`,
    };
  if (/\/roleAssignments$/.test(url))
    return {
      phase: 'index refresh',
      kind: `${call.method} role assignments (LIST)`,
    };
  return { phase: 'other', kind: `${call.method} ${url}`, cluster };
}

type Tally = Record<string, number>;
const tally = (keys: string[]) =>
  keys.reduce<Tally>((t, k) => ({ ...t, [k]: (t[k] ?? 0) + 1 }), {});
const sameTally = (a: Tally, b: Tally) =>
  JSON.stringify(Object.entries(a).sort()) ===
  JSON.stringify(Object.entries(b).sort());

// ------------------------------------------------------------- database

/** Times every query on the client: how many, how long, which scanned. */
function queryMeter(knex: Knex) {
  const open = new Map<string, { sql: string; start: number }>();
  let done: { sql: string; ms: number }[] = [];
  knex.on('query', (q: { __knexQueryUid: string; sql: string }) =>
    open.set(q.__knexQueryUid, { sql: q.sql, start: performance.now() }),
  );
  const finish = (_r: unknown, q: { __knexQueryUid: string }) => {
    const o = open.get(q.__knexQueryUid);
    if (!o) return;
    open.delete(q.__knexQueryUid);
    done.push({ sql: o.sql, ms: performance.now() - o.start });
  };
  knex.on('query-response', finish);
  knex.on('query-error', (_e: unknown, q: { __knexQueryUid: string }) =>
    finish(undefined, q),
  );
  return {
    reset() {
      done = [];
    },
    get queries() {
      return done;
    },
  };
}

const isScan = (sql: string) =>
  sql.startsWith(`select * from \`${TABLE}\` where \`state\` = ? and`);

function fillerRows(
  count: number,
  clusters: Cluster[],
  sweepAt: number,
  seed: number,
) {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const groups = Object.values(demoWorld.DEMO_GROUPS).filter(
    g => g.name !== 'platform-admins',
  );
  const requesters = ['alice', 'bob', 'carol', 'erin'];
  const rows = [];
  for (let i = 0; i < count; i++) {
    // The large world's namespace bench-NNNNN, on the cluster it lives on.
    const n = Math.floor(rnd() * 10_000);
    const cluster = clusters[n % clusters.length];
    const namespace = `bench-${String(n).padStart(5, '0')}`;
    const group = pick(groups);
    const level = cluster.azureRbac
      ? pick(['read', 'write', 'admin'] as const)
      : pick(['read', 'read', 'write'] as const);
    const hours = cluster.azureRbac
      ? pick(level === 'admin' ? [1, 2, 4] : [2, 4, 8])
      : pick(level === 'read' ? [24, 7 * 24, 30 * 24] : [24, 3 * 24, 7 * 24]);
    const seconds = hours * 3600;
    // Ends 1 h to `hours` after the sweep: active, and outside the notice.
    const expiresAt =
      sweepAt + HOUR + Math.floor(rnd() * Math.max(1, seconds * 1000 - HOUR));
    const decidedAt = expiresAt - seconds * 1000;
    const approval = cluster.azureRbac || level !== 'read';
    const createdAt = approval
      ? decidedAt - Math.floor(rnd() * 4 * HOUR)
      : decidedAt;
    const grantId = cluster.azureRbac
      ? encodeGrantId({
          cluster: cluster.name,
          source: 'AzureRoleAssignment',
          id: `/subscriptions/${
            demoWorld.DEMO_SUBSCRIPTION_ID
          }/resourceGroups/${
            cluster.resourceGroup
          }/providers/Microsoft.ContainerService/managedClusters/${
            cluster.name
          }/namespaces/${namespace}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
        })
      : encodeGrantId({
          cluster: cluster.name,
          source: 'RoleBinding',
          id: `${namespace}/aks-access-${level}-${group.objectId.slice(0, 8)}`,
          subject: `Group:${group.objectId}`,
        });
    rows.push({
      id: `${FILLER_PREFIX}${randomUUID().slice(FILLER_PREFIX.length)}`,
      entity_ref: `component:default/bench-component-${n % 2_500}`,
      cluster: cluster.name,
      namespace,
      principal: `group:default/${group.name}`,
      level,
      duration: hours % 24 ? `PT${hours}H` : `P${hours / 24}D`,
      duration_seconds: seconds,
      justification: `ticket OPS-${1000 + Math.floor(rnd() * 9000)}`,
      requester: `user:default/${pick(requesters)}`,
      state: 'approved',
      created_at: createdAt,
      pending_until: approval ? createdAt + DAY : null,
      decided_at: decidedAt,
      decided_by: approval
        ? 'user:default/dave'
        : 'policy:no-approval-required',
      comment: null,
      grant_id: grantId,
      expires_at: expiresAt,
      already_permanent: false,
      expiry_notified: false,
      ended_at: null,
      ended_by: null,
    });
  }
  return rows;
}

// ---------------------------------------------------------------- bench

export async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-expiry-'));
  const database = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const clock = testClock();
  const scheduler = testScheduler();
  const policy = examplePolicy() as {
    accessRequests: { rules: { environment?: string }[] };
  };
  // aks-bench-eus's environment is `bench`: as strict as prod.
  policy.accessRequests.rules.push(
    ...policy.accessRequests.rules
      .filter(r => r.environment === 'prod')
      .map(r => ({ ...r, environment: 'bench' })),
  );
  const started = performance.now();
  const backend = await startWritePathTestBackend({
    features: [clock.factory, scheduler.factory],
    database,
    aksAccess: {
      policy,
      sandbox: { enabled: true, dataDir, seed: 'large' },
      // No scheduled refresh in the middle of a measurement.
      azure: { refreshIntervalSeconds: 3600 },
    },
  });
  const sandbox = embeddedSandboxOn(dataDir)!;
  const startMs = performance.now() - started;
  const ports = sandboxPorts(sandbox);
  ports.add(Number(new URL(sandbox.graphUrl).port));
  const calls = new SandboxCalls(() => ports);
  const meter = queryMeter(database);
  try {
    await run(
      backend,
      sandbox,
      database,
      clock,
      scheduler,
      calls,
      meter,
      startMs,
    );
  } finally {
    calls.close();
    await backend.stop();
    await database.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function run(
  backend: TestBackend,
  sandbox: RunningSandbox,
  database: Knex,
  clock: ReturnType<typeof testClock>,
  scheduler: ReturnType<typeof testScheduler>,
  calls: SandboxCalls,
  meter: ReturnType<typeof queryMeter>,
  startMs: number,
) {
  const bob = api(backend, 'user:default/bob');
  const alice = api(backend, 'user:default/alice');
  const ok = (what: string, r: { status: number; body: any }) => {
    if (r.status !== 200)
      throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const clusters: Cluster[] = sandbox.clusters.map(c => {
    const azureRbac = c.name !== demoWorld.DEMO_CLUSTERS.dev.name;
    return {
      name: c.name,
      resourceGroup: c.resourceGroup,
      azureRbac,
      level: azureRbac ? 'write' : 'read',
      approval: azureRbac,
    };
  });
  const clusterByPort = new Map(
    sandbox.clusters.map(c => [Number(new URL(c.apiServerUrl).port), c.name]),
  );
  console.log(
    `world: sandbox seed large (${clusters
      .map(c => `${c.name} ${c.azureRbac ? 'Azure RBAC' : 'Kubernetes RBAC'}`)
      .join(
        ', ',
      )}; 10,000 namespaces, 100,000 RoleBindings, 2,000 role assignments, 2,000 identities); test backend up in ${ms(
      startMs,
    )}; database: SQLite in memory (better-sqlite3)`,
  );

  // One namespace of checkout-api per real grant, round robin over clusters.
  const maxK = Math.max(...KS);
  const slots = Array.from({ length: maxK }, (_, i) => ({
    cluster: clusters[i % clusters.length],
    namespace: `expiry-bench-${String(i).padStart(2, '0')}`,
  }));
  for (const s of slots) {
    ok(
      `onboarding ${s.cluster.name}/${s.namespace}`,
      await bob.post('/namespaces', {
        cluster: s.cluster.name,
        namespace: s.namespace,
        entityRef: ENTITY,
        owner: 'group:default/team-checkout',
      }),
    );
  }

  // The filler rows keep their place relative to the sweep: before each
  // run they move with the clock, so every run sees the same world.
  let fillerSweepAt = clock.now().getTime() + HOUR + 60_000;
  let fillerIds: string[] = [];
  let seed = 1;
  async function fillTo(count: number, sweepAt: number) {
    if (fillerIds.length) {
      const delta = sweepAt - fillerSweepAt;
      await database(TABLE)
        .where('id', 'like', `${FILLER_PREFIX}%`)
        .update({
          created_at: database.raw('created_at + ?', [delta]),
          pending_until: database.raw(
            'case when pending_until is null then null else pending_until + ? end',
            [delta],
          ),
          decided_at: database.raw('decided_at + ?', [delta]),
          expires_at: database.raw('expires_at + ?', [delta]),
        });
    }
    fillerSweepAt = sweepAt;
    if (fillerIds.length > count) {
      const drop = fillerIds.slice(count);
      fillerIds = fillerIds.slice(0, count);
      for (let i = 0; i < drop.length; i += 500)
        await database(TABLE)
          .whereIn('id', drop.slice(i, i + 500))
          .delete();
    } else if (fillerIds.length < count) {
      const rows = fillerRows(
        count - fillerIds.length,
        clusters,
        sweepAt,
        seed++,
      );
      await database.batchInsert(TABLE, rows as any[], 500);
      fillerIds.push(...rows.map(r => r.id));
    }
  }

  interface Result {
    n: number;
    k: number;
    wallMs: number;
    calls: SandboxCall[];
    kinds: Kind[];
    queries: { sql: string; ms: number }[];
    expired: number;
    fillerActive: number;
    active: number;
  }

  async function once(n: number, k: number): Promise<Result> {
    const sweepAt = clock.now().getTime() + HOUR + 60_000;
    await fillTo(n - k, sweepAt);
    const ids: string[] = [];
    for (const s of slots.slice(0, k)) {
      const asked = ok(
        `request ${s.cluster.name}/${s.namespace}`,
        await alice.post('/access-requests', {
          cluster: s.cluster.name,
          namespace: s.namespace,
          principal: TEAM,
          level: s.cluster.level,
          duration: DURATION,
          justification: 'bench: expiry sweep',
        }),
      );
      let request = asked.request;
      if (s.cluster.approval) {
        request = ok(
          'approve',
          await bob.post(`/access-requests/${request.id}/approve`, {}),
        ).request;
      }
      if (request.state !== 'approved' || !request.grantId)
        throw new Error(`not granted: ${JSON.stringify(request)}`);
      ids.push(request.id);
    }
    const active = Number(
      (
        await database(TABLE)
          .where('state', 'approved')
          .count({ c: '*' })
          .first()
      )?.c,
    );
    if (active !== n) throw new Error(`${active} active rows, not ${n}`);

    clock.set(new Date(sweepAt));
    meter.reset();
    const from = performance.now();
    await scheduler.triggerTask(EXPIRY_TASK);
    const to = performance.now();
    const queries = [...meter.queries];
    const made = calls.since(from).filter(c => c.start <= to);

    const expired = Number(
      (
        await database(TABLE)
          .whereIn('id', ids)
          .where('state', 'expired')
          .count({ c: '*' })
          .first()
      )?.c,
    );
    const fillerActive = Number(
      (
        await database(TABLE)
          .where('id', 'like', `${FILLER_PREFIX}%`)
          .where({ state: 'approved', expiry_notified: false })
          .count({ c: '*' })
          .first()
      )?.c,
    );
    return {
      n,
      k,
      wallMs: to - from,
      calls: made,
      kinds: made.map(c => classify(c, clusterByPort)),
      queries,
      expired,
      fillerActive,
      active,
    };
  }

  // Warm-up: the first grant and the first sweep per cluster pay for
  // connections and code that later ones do not.
  await once(NS[0], clusters.length);

  const results: Result[] = [];
  for (let r = 0; r < RUNS; r++)
    for (const n of NS) for (const k of KS) results.push(await once(n, k));

  // The time the sandbox spent answering a phase's calls (one at a time).
  const busy = (r: Result, phase: Kind['phase']) =>
    r.calls
      .filter((_, i) => r.kinds[i].phase === phase)
      .reduce((t, c) => t + c.end - c.start, 0);
  const of = (n: number, k: number) =>
    results.filter(r => r.n === n && r.k === k);
  const kindKey = (x: Kind) => `${x.phase}|${x.kind}`;
  const callTally = (r: Result) => tally(r.kinds.map(kindKey));
  const queryTally = (r: Result) =>
    tally(r.queries.map(q => q.sql.replace(/\(\?(, \?)*\)/g, '(…)')));

  // ------------------------------------------------------------ output
  console.log(
    `\nOne sweep of ${EXPIRY_TASK}: N active time-bound grants, K of them ending at the sweep (K real grants through the REST API, ${KS.map(
      k => `K=${k}: ${k / clusters.length}`,
    ).join(
      ', ',
    )} per cluster; N − K database rows ending 1 h–30 d later, over the same three clusters). ${RUNS} runs each, interleaved, after a warm-up; no latency fault.`,
  );
  const rows = [];
  for (const n of NS)
    for (const k of KS) {
      const rs = of(n, k);
      const walls = rs.map(r => r.wallMs);
      const first = rs[0];
      const scans = rs.map(r =>
        r.queries.filter(q => isScan(q.sql)).reduce((t, q) => t + q.ms, 0),
      );
      const dbMs = rs.map(r => r.queries.reduce((t, q) => t + q.ms, 0));
      const revoke = first.kinds.filter(x => x.phase === 'revoke').length;
      const refresh = first.kinds.filter(
        x => x.phase === 'index refresh',
      ).length;
      rows.push({
        'N active': n0(n),
        'K expiring': k,
        'ended (K/K), others untouched': `${Math.min(
          ...rs.map(r => r.expired),
        )}/${k}, ${rs.every(r => r.fillerActive === n - k) ? 'yes' : 'NO'}`,
        'sandbox calls (revoke + index refresh)': `${first.calls.length} (${revoke} + ${refresh})`,
        'calls / K': (first.calls.length / k).toFixed(2),
        'sandbox time: revoke / refresh calls, median': `${ms(
          median(rs.map(r => busy(r, 'revoke'))),
        )} / ${ms(median(rs.map(r => busy(r, 'index refresh'))))}`,
        'DB queries (/ K)': `${first.queries.length} (${(
          first.queries.length / k
        ).toFixed(2)})`,
        'range scans, ms (median)': median(scans).toFixed(2),
        'DB time, ms (median)': median(dbMs).toFixed(1),
        'sweep wall, median': ms(median(walls)),
        'min–max': `${ms(Math.min(...walls))}–${ms(Math.max(...walls))}`,
        'per grant, median': `${(median(walls) / k).toFixed(1)} ms`,
      });
    }
  console.table(rows);

  // Calls by kind, per K (the first run at the largest N), and per grant.
  const largest = NS[NS.length - 1];
  const kindRows: Record<string, Record<string, string | number>> = {};
  for (const k of KS) {
    const r = of(largest, k)[0];
    for (const x of r.kinds) {
      const where = x.cluster ?? '(subscription)';
      const row = (kindRows[`${x.phase}|${x.kind}|${where}`] ??= {
        phase: x.phase,
        call: x.kind,
        on: where,
      });
      row[`K=${k}`] = ((row[`K=${k}`] as number) ?? 0) + 1;
    }
  }
  console.log(`\nSandbox calls of one sweep by kind (N = ${n0(largest)}):`);
  console.table(Object.values(kindRows));

  // Per grant by how the cluster authorizes: the calls on its API server or
  // naming it, and the subscription-wide LISTs of the index refresh that
  // follows each Azure change.
  const k = KS[KS.length - 1];
  const sample = of(largest, k)[0];
  const perCluster = clusters.map(c => {
    const grants = slots.slice(0, k).filter(s => s.cluster === c).length;
    const own = sample.kinds.filter(x => x.cluster === c.name);
    return {
      cluster: c.name,
      authorization: c.azureRbac ? 'Azure RBAC' : 'Kubernetes RBAC',
      'grants ending': grants,
      'revoke calls / grant': (
        own.filter(x => x.phase === 'revoke').length / grants
      ).toFixed(2),
      'refresh calls naming the cluster / grant': (
        own.filter(x => x.phase === 'index refresh').length / grants
      ).toFixed(2),
    };
  });
  const azureGrants = slots.slice(0, k).filter(s => s.cluster.azureRbac).length;
  const wide = sample.kinds.filter(
    x => x.phase === 'index refresh' && !x.cluster,
  );
  console.log(
    `\nPer grant by cluster (N = ${n0(
      largest,
    )}, K = ${k}); the subscription-wide LISTs of the index refresh: ${
      wide.length
    } = ${(wide.length / azureGrants).toFixed(
      2,
    )} per Azure RBAC grant (${azureGrants}), other calls: ${
      sample.kinds.filter(x => x.phase === 'other').length
    }`,
  );
  console.table(perCluster);

  // The checks.
  console.log('');
  let independent = true;
  for (const kk of KS) {
    const rs = results.filter(r => r.k === kk);
    const callsSame = rs.every(r => sameTally(callTally(r), callTally(rs[0])));
    const queriesSame = rs.every(r =>
      sameTally(queryTally(r), queryTally(rs[0])),
    );
    independent &&= callsSame;
    console.log(
      `K=${kk}: ${rs[0].calls.length} calls (${(
        rs[0].calls.length / kk
      ).toFixed(2)} per expiring grant), ${
        rs[0].queries.length
      } queries; the same calls by kind in all ${
        rs.length
      } sweeps at N = ${NS.map(n0).join(' and ')}: ${
        callsSame ? 'yes' : 'NO'
      }; the same queries: ${queriesSame ? 'yes' : 'NO'}`,
    );
  }
  const perGrant = KS.map(
    kk => results.find(r => r.k === kk)!.calls.length / kk,
  );
  console.log(
    `calls per expiring grant: ${perGrant
      .map((x, i) => `${x.toFixed(2)} at K=${KS[i]}`)
      .join(', ')}; independent of N: ${
      independent ? 'yes' : 'no'
    }; linear in K: ${
      perGrant.every(x => Math.abs(x - perGrant[0]) < 1e-9) ? 'yes' : 'no'
    }`,
  );

  // calls(K) and queries(K) as a + b·K, from the two K.
  const fit = (f: (r: Result) => number) => {
    const [k1, k2] = [KS[0], KS[KS.length - 1]];
    const y1 = f(results.find(r => r.k === k1)!);
    const y2 = f(results.find(r => r.k === k2)!);
    const b = (y2 - y1) / (k2 - k1);
    return `${(y1 - b * k1).toFixed(0)} + ${b.toFixed(2)} per expiring grant`;
  };
  console.log(
    `sandbox calls = ${fit(r => r.calls.length)}; database queries = ${fit(
      r => r.queries.length,
    )} (the three range scans, then per grant: namespace lock (2), re-read, state change, unlock, audit row)`,
  );

  const plan = await database.raw(
    `explain query plan select * from ${TABLE} where state = 'approved' and expires_at <= ? order by expires_at limit 500`,
    [clock.now().getTime()],
  );
  console.log(
    `SQLite plan of the expiring scan: ${(plan as { detail: string }[])
      .map(p => p.detail)
      .join('; ')}`,
  );

  if (VERBOSE) {
    for (const kk of KS) {
      const r = of(largest, kk)[0];
      console.log(`\ncalls of one sweep, N = ${n0(largest)}, K = ${kk}:`);
      const t0 = r.calls[0]?.start ?? 0;
      r.calls.forEach((c, i) =>
        console.log(
          `  +${ms(c.start - t0).padStart(7)} ${r.kinds[i].phase.padEnd(13)} ${
            c.method
          } ${c.url.split('?')[0]} → ${c.status}`,
        ),
      );
    }
  }
}
