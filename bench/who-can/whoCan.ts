/*
 * bench:who-can — who can get the Secrets of payments-api, against
 * `startSandbox({ seed: 'large' })` (50,000 users, 5,000 groups nested five
 * deep, about 5,000 of them under team-payments): p95 over one namespace
 * and over every namespace of the entity, warm, and the upstream calls a
 * warm question makes (none: Kubernetes, ARM and Graph).
 */
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { parseKubernetesResource } from '@aks-access/plugin-aks-access-common';
import {
  buildAksAccessServices,
  entityAccess,
  GroupMembership,
  PrincipalDirectory,
  whoCan,
} from '@aks-access/plugin-aks-access-backend/testUtils';
import { backendConfigFor } from '../backendConfig';

const ROUNDS = 300;
const TARGET_ONE_MS = 20;
const TARGET_ENTITY_MS = 50;

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)];
const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function main() {
  const sandbox = await startSandbox({ seed: 'large' });
  const agent = new https.Agent({ ca: sandbox.caPem, keepAlive: true });
  const logger = mockServices.rootLogger({ level: 'warn' });
  const services = await buildAksAccessServices(
    backendConfigFor(sandbox, {
      refreshIntervalSeconds: 3600,
      membershipRefreshSeconds: 3600,
    }),
    { logger, agent },
  );
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
  const membership = new GroupMembership(services.graph, directory, logger);
  await membership.refresh();
  let graphCalls = 0;
  const graph = services.graph as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  for (const method of [
    'groupsDelta',
    'usersDelta',
    'memberGroups',
    'getDirectoryObject',
  ]) {
    const original = graph[method]?.bind(graph);
    if (!original) continue;
    graph[method] = (...args) => {
      graphCalls++;
      return original(...args);
    };
  }

  const { registry, index } = services;
  const view = entityAccess(entity, registry, index, directory);
  const target = (cluster: string, namespace: string) => ({
    sources: {
      cluster: registry.get(cluster),
      cache: index.kubernetes(cluster),
      azure: index.azure,
    },
    namespace,
  });
  const all = view.namespaces.map(n => target(n.cluster, n.namespace));
  const one = [all.find(t => t.namespace === 'payments-api')!];
  const request = {
    verb: 'get',
    ...parseKubernetesResource('secrets')!,
  };
  const context = { membership, directory };
  const ask = (targets: typeof all) =>
    JSON.stringify(
      whoCan('component:default/payments-api', targets, request, context),
    );
  // Warm: the membership cache's groups below each bound group.
  ask(all);

  const measure = (targets: typeof all) => {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      ask(targets);
      times.push(performance.now() - t);
    }
    return times;
  };
  const before = { ...index.upstreamCalls(), graph: graphCalls };
  const oneTimes = measure(one);
  const allTimes = measure(all);
  const after = { ...index.upstreamCalls(), graph: graphCalls };
  const upstream =
    after.kubernetes -
    before.kubernetes +
    (after.arm - before.arm) +
    (after.graph - before.graph);
  const answer = whoCan(
    'component:default/payments-api',
    all,
    request,
    context,
  );

  const rows: Array<[string, string, string]> = [
    [
      'who-can get secrets, one namespace, p95 (warm)',
      `${ms(quantile(oneTimes, 0.95))}, median ${ms(quantile(oneTimes, 0.5))}`,
      quantile(oneTimes, 0.95) <= TARGET_ONE_MS
        ? `ok ≤ ${TARGET_ONE_MS} ms`
        : `MISSED > ${TARGET_ONE_MS} ms`,
    ],
    [
      `who-can get secrets, the entity's ${all.length} namespaces, p95 (warm)`,
      `${ms(quantile(allTimes, 0.95))}, median ${ms(
        quantile(allTimes, 0.5),
      )} (${answer.totalPeople} people, ${
        answer.workloadIdentities.length
      } ServiceAccounts)`,
      quantile(allTimes, 0.95) <= TARGET_ENTITY_MS
        ? `ok ≤ ${TARGET_ENTITY_MS} ms`
        : `MISSED > ${TARGET_ENTITY_MS} ms`,
    ],
    [
      'upstream calls (Kubernetes, ARM, Graph) while asking',
      `${upstream} in ${2 * ROUNDS} questions`,
      upstream === 0 ? 'ok = 0' : 'MISSED > 0',
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
