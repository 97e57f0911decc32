/*
 * Two backend replicas (packages/backend) on one PostgreSQL and one
 * standalone sandbox, on the production configuration path, as
 * docs/production.md deploys them: what e2e/replicas.js tests and
 * bench/replicas measures.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startProcess, stop, waitFor } = require('./processes');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..');
const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const AZURE_CLUSTER = 'aks-prod-weu';
const KUBERNETES_CLUSTER = 'aks-dev-neu';

/** PostgreSQL as pg's connection object, from the test env or the local default. */
function postgresConnection() {
  const url = new URL(
    process.env[PG_ENV] || 'postgresql://postgres@127.0.0.1:5432',
  );
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

/**
 * The config both replicas add on top of app-config.yaml and the sandbox's:
 * one PostgreSQL under a prefix of this run's own, a static service token
 * (to send forged events to the bus with), and aks-prod-weu provisioning AKS
 * managed namespaces, an Azure change that only the bus carries to the
 * other replica.
 */
function writeReplicaConfig(dataDir, prefix, serviceToken) {
  const sandbox = YAML.parse(
    fs.readFileSync(path.join(dataDir, 'app-config.sandbox.yaml'), 'utf8'),
  );
  const clusters = sandbox.aksAccess.clusters.map(c =>
    c.name === AZURE_CLUSTER
      ? { ...c, namespaceProvisioning: 'managedNamespace' }
      : c,
  );
  const file = path.join(dataDir, 'app-config.replicas.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      backend: {
        database: { client: 'pg', connection: postgresConnection(), prefix },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: serviceToken, subject: 'replicas-e2e' },
            },
          ],
        },
      },
      aksAccess: { clusters },
    }),
    { mode: 0o600 },
  );
  return file;
}

async function dropDatabases(prefix) {
  const { Client } = require('pg');
  const client = new Client({ ...postgresConnection(), database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE IF EXISTS "${datname.replace(/"/g, '')}" WITH (FORCE)`,
      );
    }
  } finally {
    await client.end();
  }
}

/**
 * One backend process, without the CLI's file watcher (other work in the
 * tree must not restart it mid-run): node with Backstage's transform, as
 * `backstage-cli package start` runs it.
 */
function startBackend(name, port, configs, caPem, log) {
  const base = `http://localhost:${port}`;
  const child = startProcess(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [root],
      }),
      'src/index.ts',
      ...configs.flatMap(c => ['--config', c]),
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
        NODE_EXTRA_CA_CERTS: caPem,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: base,
      },
    },
    log,
  );
  return { name, base, child };
}

/** The REST API of one replica, as a signed-in user. */
function api(replica, token) {
  return async (method, route, body) => {
    const res = await fetch(`${replica.base}/api/aks-access${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(
        `${replica.name}: ${method} ${route} answered ${
          res.status
        }: ${text.slice(0, 500)}`,
      );
    return text ? JSON.parse(text) : {};
  };
}

async function guestToken(replica, provider = 'guest') {
  const res = await fetch(
    `${replica.base}/api/auth/${provider}/refresh?env=development`,
    {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    },
  );
  if (!res.ok)
    throw new Error(
      `${provider} sign-in on ${replica.name} answered ${res.status}`,
    );
  return (await res.json()).backstageIdentity.token;
}

/** Polls `read` every `intervalMs` until `ok`; answers the time it took. */
async function visibleAfter(
  what,
  read,
  ok,
  { timeoutMs = 30_000, intervalMs = 25 } = {},
) {
  const started = Date.now();
  await waitFor(
    what,
    async () => ok(await read()),
    timeoutMs,
    undefined,
    intervalMs,
  );
  return Date.now() - started;
}

/**
 * A replica set, not started: `start` runs the sandbox, then replica A and
 * then B (the first creates the databases and runs the migrations), each as
 * a step of the caller's, and signs alice in once the catalog has stitched
 * her membership; `close` stops them all and drops the databases.
 */
function replicaSet(tag) {
  const run = `${Date.now().toString(36)}${crypto
    .randomBytes(2)
    .toString('hex')}`;
  const log = name =>
    path.join(os.tmpdir(), `aks-access-${tag}-${run}-${name}.log`);
  const processes = [];
  const set = {
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), `aks-access-${tag}-`)),
    prefix: `aksrep_${run}_`,
    run,
    serviceToken: crypto.randomBytes(24).toString('base64url'),
    replicas: [],
    async start(step, ports) {
      await step('sandbox start', async () => {
        const sandbox = startProcess(
          process.execPath,
          [
            path.join(root, 'packages/aks-sandbox/bin/sandbox'),
            'start',
            '--data-dir',
            set.dataDir,
          ],
          { cwd: root },
          log('sandbox'),
        );
        processes.push(sandbox);
        await waitFor(
          'app-config.sandbox.yaml',
          async () =>
            fs.existsSync(path.join(set.dataDir, 'app-config.sandbox.yaml')),
          120_000,
          sandbox,
        );
        set.subscriptionId = JSON.parse(
          fs.readFileSync(path.join(set.dataDir, 'credentials.json'), 'utf8'),
        ).subscriptionId;
      });
      const configs = [
        path.join(root, 'app-config.yaml'),
        path.join(set.dataDir, 'app-config.sandbox.yaml'),
        writeReplicaConfig(set.dataDir, set.prefix, set.serviceToken),
      ];
      for (const [i, name] of ['A', 'B'].entries()) {
        await step(
          `replica ${name} starts on the shared PostgreSQL`,
          async () => {
            const replica = startBackend(
              name,
              ports[i],
              configs,
              path.join(set.dataDir, 'ca.pem'),
              log(`backend-${name}`),
            );
            set.replicas.push(replica);
            processes.push(replica.child);
            await waitFor(
              `replica ${name}`,
              async () =>
                (
                  await fetch(`${replica.base}/api/aks-access/health`)
                ).ok,
              300_000,
              replica.child,
            );
          },
        );
      }
      const [A, B] = set.replicas;
      await step('alice signs in on A, and B accepts her token', async () => {
        const stitched = async () => {
          const res = await fetch(
            `${A.base}/api/catalog/entities/by-name/user/default/alice`,
            { headers: { authorization: `Bearer ${await guestToken(A)}` } },
          );
          const alice = res.ok ? await res.json() : {};
          return (alice.relations ?? []).some(
            r =>
              r.type === 'memberOf' &&
              r.targetRef === 'group:default/team-payments',
          );
        };
        await waitFor(
          "alice's memberOf in the catalog",
          stitched,
          120_000,
          A.child,
        );
        set.token = await guestToken(A);
        set.onA = api(A, set.token);
        set.onB = api(B, set.token);
        const { items } = await set.onB('GET', '/clusters');
        if (!items.some(c => c.name === AZURE_CLUSTER))
          throw new Error(`B lists ${items.map(c => c.name)}`);
      });
    },
    async close() {
      for (const child of processes) stop(child);
      await new Promise(r => setTimeout(r, 2000));
      await dropDatabases(set.prefix).catch(e =>
        console.warn(`dropping ${set.prefix}* failed: ${e.message}`),
      );
      fs.rmSync(set.dataDir, { recursive: true, force: true });
    },
  };
  return set;
}

module.exports = {
  AZURE_CLUSTER,
  KUBERNETES_CLUSTER,
  api,
  guestToken,
  replicaSet,
  visibleAfter,
  waitFor,
};
