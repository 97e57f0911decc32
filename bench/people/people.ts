/*
 * bench:people — the people view against `startSandbox({ seed: 'large' })`
 * (the large world plus 50,000 users and 5,000 groups nested up to 5 deep),
 * or with `--seed xlarge` the same directory over a fleet of 30 clusters.
 * Prints the measures: the full membership build from Graph (its
 * calls and time), the RSS the membership cache adds, a delta round with
 * nothing changed, and the people view of payments-api, which about 5,000
 * users reach: p95 warm, and the Graph calls it makes warm (none).
 */
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import {
  buildAksAccessServices,
  entityAccess,
  entityPeople,
  PeopleCache,
  GroupMembership,
  PrincipalDirectory,
} from '@aks-access/plugin-aks-access-backend/testUtils';
import { backendConfigFor } from '../backendConfig';
import { benchSeed } from '../benchSeed';

const VIEWS = 300;
const TARGET_P95_MS = 25;
const TARGET_RSS_MB = 200;

function gc() {
  (global as { gc?: () => void }).gc?.();
}
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)];
const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function main() {
  const started = performance.now();
  const seed = benchSeed();
  const sandbox = await startSandbox({ seed });
  console.log(
    `sandbox (seed ${seed}) up in ${ms(performance.now() - started)}`,
  );
  const agent = new https.Agent({ ca: sandbox.caPem, keepAlive: true });
  const logger = mockServices.rootLogger({ level: 'warn' });
  const config = backendConfigFor(sandbox, {
    refreshIntervalSeconds: 3600,
    membershipRefreshSeconds: 3600,
  });

  const services = await buildAksAccessServices(config, { logger, agent });

  // Every Graph request the membership makes goes through these.
  const graph = services.graph as unknown as Record<
    string,
    (...args: unknown[]) => Promise<{ calls?: number }>
  >;
  let graphCalls = 0;
  for (const method of ['groupsDelta', 'usersDelta']) {
    const original = graph[method].bind(graph);
    graph[method] = async (...args) => {
      const round = await original(...args);
      graphCalls += round.calls ?? 1;
      return round;
    };
  }
  for (const method of ['memberGroups', 'getDirectoryObject']) {
    const original = graph[method].bind(graph);
    graph[method] = (...args) => {
      graphCalls++;
      return original(...args);
    };
  }

  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
  };
  const directory = new PrincipalDirectory(
    catalogServiceMock({ entities: [entity] }),
    mockServices.auth(),
    logger,
  );
  await directory.ready();

  // One throwaway round first: the sandbox, in this process, builds its own
  // directory index and response buffers, which are not the cache's memory.
  await services.graph.groupsDelta();
  await services.graph.usersDelta();
  graphCalls = 0;
  gc();
  const rssBefore = rssMb();
  const heapBefore = process.memoryUsage().heapUsed;
  const membership = new GroupMembership(services.graph, directory, logger);
  const buildStart = performance.now();
  await membership.refresh();
  const buildMs = performance.now() - buildStart;
  const buildCalls = graphCalls;
  const status = membership.status();
  if (status.source !== 'graph')
    throw new Error(`membership not from Graph: ${status.message}`);

  const { registry, index } = services;
  // As the route does: the list is built once per view and membership, and
  // every page after is a slice of it.
  const cache = new PeopleCache();
  const people = (offset = 0, withCache: PeopleCache | undefined = cache) =>
    entityPeople(
      entityAccess(entity, registry, index, directory),
      { registry, index, membership, principals: directory },
      { offset, limit: 50 },
      withCache,
    );
  const buildTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    JSON.stringify(people(0, undefined));
    buildTimes.push(performance.now() - t);
  }
  const first = people();
  gc();
  const rssAfter = rssMb();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

  const deltaCallsBefore = graphCalls;
  const deltaStart = performance.now();
  await membership.refresh();
  const deltaMs = performance.now() - deltaStart;
  const deltaCalls = graphCalls - deltaCallsBefore;

  const warmCallsBefore = graphCalls;
  const times: number[] = [];
  for (let i = 0; i < VIEWS; i++) {
    const t = performance.now();
    // Pages across the list, as a user paging through the table would.
    JSON.stringify(people((i % 20) * 50));
    times.push(performance.now() - t);
  }
  const warmCalls = graphCalls - warmCallsBefore;

  const p95 = quantile(times, 0.95);
  const rss = rssAfter - rssBefore;
  const rows: Array<[string, string, string]> = [
    [
      'people view p95 (warm)',
      `${ms(p95)}, median ${ms(quantile(times, 0.5))} (${
        first.totalCount
      } people, pages of 50)`,
      p95 <= TARGET_P95_MS
        ? `ok ≤ ${TARGET_P95_MS} ms`
        : `MISSED > ${TARGET_P95_MS} ms`,
    ],
    [
      'people list built afresh (no cache)',
      `median ${ms(quantile(buildTimes, 0.5))}, ${ms(
        Math.min(...buildTimes),
      )}–${ms(Math.max(...buildTimes))} over 5`,
      'printed',
    ],
    [
      'Graph calls per warm view',
      `${warmCalls / VIEWS}`,
      warmCalls === 0 ? 'ok = 0' : 'MISSED > 0',
    ],
    [
      'full membership build',
      `${ms(buildMs)}, ${buildCalls} Graph calls (${status.users} users, ${
        status.groups
      } groups)`,
      'printed',
    ],
    [
      'delta round, nothing changed',
      `${ms(deltaMs)}, ${deltaCalls} Graph calls`,
      'printed',
    ],
    [
      'RSS added by the membership cache',
      `${rss.toFixed(0)} MB (heap ${heapMb.toFixed(0)} MB)`,
      rss <= TARGET_RSS_MB
        ? `ok ≤ ${TARGET_RSS_MB} MB`
        : `MISSED > ${TARGET_RSS_MB} MB`,
    ],
  ];
  const width = Math.max(...rows.map(r => r[0].length));
  for (const [name, value, verdict] of rows)
    console.log(`${name.padEnd(width)}  ${value}  [${verdict}]`);

  await services.stop();
  agent.destroy();
  await sandbox.stop();
  if (rows.some(r => r[2].startsWith('MISSED'))) process.exitCode = 1;
}
