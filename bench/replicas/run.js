#!/usr/bin/env node
/*
 * bench:replicas — how long a write made on replica A takes to show on
 * replica B: two backend processes on one PostgreSQL and a standalone
 * sandbox (e2e/replicaSet.js), on the production configuration path.
 *
 * Per round, 20 grants and their 20 revokes on each kind of cluster:
 * aks-prod-weu (Azure RBAC: a role assignment, which B learns of from the
 * event A publishes on the bus and re-reads from ARM) and aks-dev-neu
 * (Kubernetes RBAC: a RoleBinding, which B's own watch sees). One write at a
 * time, as one user makes them: the clock starts when A answers the write
 * and stops when B's access view first shows it (polled every 10 ms).
 *
 * BENCH_RUNS rounds (default 5), after one warm-up round; it prints each
 * round's p50/p95 and, per kind, the median of the rounds' p50 and p95 with
 * their spread (min–max).
 */
const path = require('node:path');
const {
  AZURE_CLUSTER,
  KUBERNETES_CLUSTER,
  replicaSet,
  visibleAfter,
} = require('../../e2e/replicaSet');

const WRITES = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ENTITY = 'component:default/payments-api';
const VIEW = '/entities/component/default/payments-api/access';
const GROUP = 'group:default/payments-readers';

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

const median = values => summary(values).p50;
const spread = values => `${Math.min(...values)}–${Math.max(...values)}`;

async function main() {
  const set = replicaSet('bench-replicas');
  const step = async (name, fn) => {
    const started = Date.now();
    await fn();
    console.log(`  ${name} (${Date.now() - started} ms)`);
  };
  try {
    console.log('bench:replicas — setting up two replicas and a sandbox');
    await set.start(step, [
      Number(process.env.REPLICAS_PORT_A || 7041),
      Number(process.env.REPLICAS_PORT_B || 7042),
    ]);
    const { onA, onB } = set;
    const namespaces = {};
    for (const cluster of [AZURE_CLUSTER, KUBERNETES_CLUSTER]) {
      namespaces[cluster] = `bench-rep-${cluster.split('-')[1]}-${
        set.run
      }`.slice(0, 40);
      await onA('POST', '/namespaces', {
        cluster,
        namespace: namespaces[cluster],
        entityRef: ENTITY,
        owner: 'group:default/team-payments',
      });
    }
    const viewOnB = () => onB('GET', VIEW);
    /** One grant and its revoke on A, each timed until B shows it. */
    async function cycle(cluster) {
      const { grantId } = await onA('POST', '/grants', {
        cluster,
        namespace: namespaces[cluster],
        principal: GROUP,
        level: 'read',
      });
      const write = await visibleAfter(
        `grant ${grantId} on B`,
        viewOnB,
        v => JSON.stringify(v).includes(grantId),
        { intervalMs: 10 },
      );
      await onA('DELETE', `/grants/${encodeURIComponent(grantId)}`);
      const revoke = await visibleAfter(
        `revoke of ${grantId} on B`,
        viewOnB,
        v => !JSON.stringify(v).includes(grantId),
        { intervalMs: 10 },
      );
      return { write, revoke };
    }
    const kinds = [
      ['Azure', AZURE_CLUSTER],
      ['Kubernetes', KUBERNETES_CLUSTER],
    ];
    const rounds = {
      'Azure write': [],
      'Azure revoke': [],
      'Kubernetes write': [],
      'Kubernetes revoke': [],
    };
    for (let run = 0; run <= RUNS; run++) {
      const samples = {
        'Azure write': [],
        'Azure revoke': [],
        'Kubernetes write': [],
        'Kubernetes revoke': [],
      };
      // Interleaved, so that neither kind always runs on a warmer process.
      for (let i = 0; i < WRITES; i++) {
        for (const [kind, cluster] of kinds) {
          const { write, revoke } = await cycle(cluster);
          samples[`${kind} write`].push(write);
          samples[`${kind} revoke`].push(revoke);
        }
      }
      if (run === 0) {
        console.log(`warm-up round done (${WRITES} of each)`);
        continue;
      }
      const line = Object.entries(samples)
        .map(([name, values]) => {
          const s = summary(values);
          rounds[name].push(s);
          return `${name} p50 ${s.p50} / p95 ${s.p95}`;
        })
        .join(' | ');
      console.log(`round ${run}: ${line} (ms)`);
    }
    console.log(
      `\ncross-replica visibility, ${WRITES} writes and ${WRITES} revokes per kind, ${RUNS} rounds (ms): median (spread)`,
    );
    console.log('| kind | p50 | p95 |');
    console.log('|---|---|---|');
    let worst = 0;
    for (const [name, values] of Object.entries(rounds)) {
      const p50s = values.map(v => v.p50);
      const p95s = values.map(v => v.p95);
      worst = Math.max(worst, median(p95s));
      console.log(
        `| ${name} | ${median(p50s)} (${spread(p50s)}) | ${median(
          p95s,
        )} (${spread(p95s)}) |`,
      );
    }
    console.log(
      `\nworst median p95: ${worst} ms (target ≤ 2000 ms): ${
        worst <= 2000 ? 'met' : 'MISSED'
      }`,
    );
    console.log(
      `logs: ${path.dirname(
        set.replicas[0].child.log,
      )}/aks-access-bench-replicas-${set.run}-*.log`,
    );
  } finally {
    await set.close();
  }
}

main()
  .then(() => process.exit(0))
  .catch(error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
