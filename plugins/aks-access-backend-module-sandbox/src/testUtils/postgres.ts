import { spawnSync } from 'node:child_process';
import { TestDatabases } from '@backstage/backend-test-utils';

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/*
 * Replicas share one PostgreSQL database, as pods of one Deployment do; CI
 * gives the tests one (.ci/run, scripts/test-all.js), a laptop may not.
 */
export const postgresDatabases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/** Why tests on PostgreSQL cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  if (!postgresDatabases.supports('POSTGRES_15')) {
    return `${PG_ENV} is not set (CI sets it; see .ci/run and scripts/test-all.js)`;
  }
  let host = '127.0.0.1';
  let port = '5432';
  try {
    const url = new URL(process.env[PG_ENV]!);
    host = url.hostname || host;
    port = url.port || port;
  } catch {
    // A key=value connection string: try the default address.
  }
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const s = require('node:net').connect({ host: process.argv[1], port: Number(process.argv[2]) });
       s.setTimeout(2000, () => process.exit(1));
       s.on('connect', () => process.exit(0));
       s.on('error', () => process.exit(1));`,
      host,
      port,
    ],
    { timeout: 5000 },
  );
  return probe.status === 0
    ? undefined
    : `PostgreSQL at ${host}:${port} (from ${PG_ENV}) is not reachable`;
}
