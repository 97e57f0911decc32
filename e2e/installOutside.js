#!/usr/bin/env node
/*
 * Install it in your own Backstage, outside this repository, as a platform
 * team would: build every package the Backstage way, `yarn pack` each, and
 * `npm install` the tarballs (no flags, no workspace links) into a fresh
 * directory next to the Backstage 1.55 packages a backend already has. The
 * backend's entry file and config come from the code blocks of the backend
 * plugin's README, so the README and this test cannot disagree. Then the
 * backend starts and answers: health, the access view of an example entity,
 * a dry-run onboarding and a template run (the scaffolder's dry run). Before
 * all that, the package metadata and the API reports must be current.
 * Results go to .install-outside-result.json for scripts/test-all.js.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { startProcess, stop, waitFor } = require('./processes');
const yaml = require('yaml');

const root = path.resolve(__dirname, '..');
const bin = name => path.join(root, 'node_modules/.bin', name);
const yarn = path.join(root, '.yarn/releases/yarn-4.13.0.cjs');
const PORT = Number(process.env.INSTALL_OUTSIDE_PORT || 7027);
const BASE = `http://localhost:${PORT}`;
const README = path.join(root, 'plugins/aks-access-backend/README.md');
const ENTITY = 'component/default/payments-api';

const PACKAGES = [
  'plugins/aks-access-common',
  'plugins/aks-access-node',
  'plugins/aks-access-backend',
  'plugins/aks-access-backend-module-sandbox',
  'plugins/scaffolder-backend-module-aks-access',
  'plugins/aks-access',
  'packages/aks-sandbox',
];

// What a backend on Backstage 1.55 (backstage.json) has before it adds ours:
// create-app's backend, minus what these checks do not touch.
const BACKSTAGE_RELEASE = '1.55.0';
const BACKSTAGE_BACKEND = {
  '@backstage/backend-defaults': '0.19.0',
  '@backstage/plugin-auth-backend': '0.31.0',
  '@backstage/plugin-auth-backend-module-guest-provider': '0.2.25',
  '@backstage/plugin-catalog-backend': '4.0.5',
  '@backstage/plugin-catalog-backend-module-scaffolder-entity-model': '0.2.26',
  '@backstage/plugin-permission-backend': '0.7.18',
  '@backstage/plugin-permission-backend-module-allow-all-policy': '0.2.25',
  '@backstage/plugin-scaffolder-backend': '4.3.0',
};

// Libraries only tests need: none of our packages may depend on one, and
// the ones our test helpers use must not be installed at all. (Backstage's
// own @backstage/core-components depends on @testing-library/react.)
const TEST_LIBRARIES = [
  '@backstage/backend-test-utils',
  '@backstage/test-utils',
  '@backstage/frontend-test-utils',
  '@backstage/plugin-scaffolder-node-test-utils',
  '@testing-library/react',
  'supertest',
  'testcontainers',
  'jest',
  'msw',
];
const NEVER_INSTALLED = [
  '@backstage/backend-test-utils',
  'supertest',
  'testcontainers',
];

/**
 * A report as the set of its lines, each union's members sorted: equal for
 * the same API whatever order the compiler printed it in.
 */
function reportLines(text) {
  return text
    .split('\n')
    .map(line => {
      // A union broken over lines ends with its last member, whichever it is.
      if (/^\s*\| /.test(line)) return line.replace(/[;,]$/, '');
      const m = /^(\s*(?:[\w$]+\??:\s*)?)(.*?)([;,]?)$/.exec(line);
      const [, head, body, tail] = m;
      return body.includes(' | ')
        ? `${head}${body.split(' | ').sort().join(' | ')}${tail}`
        : line;
    })
    .sort()
    .join('\n');
}

function run(command, args, options = {}) {
  const r = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, ...options.env },
  });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n');
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} exited ${r.status}:\n${out
        .slice(-40)
        .join('\n')}`,
    );
  }
  return r.stdout;
}

function reachable(host, port) {
  return new Promise(resolve => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(socket.destroy() && false));
  });
}

/**
 * The fenced blocks of one language in a README section: from its heading
 * to the next heading of the same or a higher level.
 */
function fencedBlocks(markdown, heading, language) {
  const lines = markdown.split('\n');
  const start = lines.findIndex(
    l => /^#+\s/.test(l) && l.replace(/^#+\s*/, '') === heading,
  );
  if (start < 0) throw new Error(`the README has no section "${heading}"`);
  const level = lines[start].match(/^#+/)[0].length;
  const blocks = [];
  let fence; // { language, lines } while inside a block
  for (const line of lines.slice(start + 1)) {
    if (fence) {
      if (line.startsWith('```')) {
        if (fence.language === language) blocks.push(fence.lines.join('\n'));
        fence = undefined;
      } else fence.lines.push(line);
      continue;
    }
    const h = line.match(/^(#+)\s/);
    if (h && h[1].length <= level) break;
    if (line.startsWith('```'))
      fence = { language: line.slice(3).trim(), lines: [] };
  }
  return blocks;
}

async function json(res, what) {
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${what} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

async function guestToken() {
  const res = await fetch(`${BASE}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  return (await json(res, 'guest sign-in')).backstageIdentity.token;
}

async function main() {
  const results = [];
  let stopped = false;
  const step = async (name, fn) => {
    if (stopped) return;
    const started = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - started });
      console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ name, ok: false, error: String(error.message ?? error) });
      console.log(`  ✗ ${name}: ${error.message ?? error}`);
      stopped = true;
    }
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-access-install-'));
  const tarballs = path.join(dir, 'tarballs');
  const app = path.join(dir, 'backstage-backend');
  fs.mkdirSync(tarballs);
  fs.mkdirSync(app);
  const state = {};
  let backend;
  const pg = await reachable('127.0.0.1', 5432);
  const dbPrefix = `aksinstall_${process.pid}_`;
  console.log(`install outside the repository, in ${dir}`);
  try {
    await step(
      'package metadata is what `backstage-cli repo fix --publish` writes',
      async () => {
        run(bin('backstage-cli'), ['repo', 'fix', '--publish', '--check']);
      },
    );
    await step('type declarations (tsc)', async () => {
      run(bin('tsc'), []);
    });
    await step(
      'API reports are current (otherwise: yarn build:api-reports, and commit them)',
      async () => {
        // API Extractor prints a type's properties and union members in
        // the order the compiler met them, which differs from one machine
        // to the next; what counts is which lines there are.
        run(process.execPath, [yarn, 'build:api-reports']);
        const written = run('git', ['diff', '--name-only', '--', '*.api.md'])
          .split('\n')
          .filter(Boolean);
        const stale = written.filter(
          file =>
            reportLines(run('git', ['show', `HEAD:${file}`])) !==
            reportLines(fs.readFileSync(path.join(root, file), 'utf8')),
        );
        if (written.length) run('git', ['checkout', '--', ...written]);
        if (stale.length) {
          throw new Error(`API reports out of date: ${stale.join(', ')}`);
        }
      },
    );
    await step('every package builds', async () => {
      run(bin('backstage-cli'), ['repo', 'build']);
    });
    await step(
      'every package packs with yarn pack, with its README and what it reads at run time',
      async () => {
        state.tarballs = {};
        for (const pkg of PACKAGES) {
          const { name } = JSON.parse(
            fs.readFileSync(path.join(root, pkg, 'package.json'), 'utf8'),
          );
          const file = path.join(
            tarballs,
            `${name.replace('@', '').replace('/', '-')}.tgz`,
          );
          run(process.execPath, [yarn, 'pack', '--out', file], {
            cwd: path.join(root, pkg),
          });
          state.tarballs[name] = file;
          const listed = run('tar', ['tzf', file]).split('\n');
          const packed = JSON.parse(
            run('tar', ['xzOf', file, 'package/package.json']),
          );
          const needs = [
            'package/README.md',
            `package/${path.posix.normalize(packed.main)}`,
            `package/${path.posix.normalize(packed.types)}`,
          ];
          if (pkg === 'plugins/aks-access-backend')
            needs.push('package/config.schema.json', 'package/migrations/');
          if (pkg === 'plugins/aks-access-common')
            needs.push('package/data/builtin-roles.json');
          if (pkg === 'packages/aks-sandbox')
            needs.push(
              'package/bin/sandbox',
              'package/dist/cli.cjs.js',
              'package/openapi/v3/',
            );
          const missing = needs.filter(
            n =>
              !listed.some(
                l => l === n || (n.endsWith('/') && l.startsWith(n)),
              ),
          );
          if (missing.length)
            throw new Error(`${name}'s tarball lacks ${missing.join(', ')}`);
          const sources = listed.filter(l => l.startsWith('package/src/'));
          if (sources.length)
            throw new Error(
              `${name}'s tarball ships its sources: ${sources[0]}, …`,
            );
        }
      },
    );
    await step(
      'npm install of the tarballs next to Backstage 1.55, with no flags',
      async () => {
        const release = JSON.parse(
          fs.readFileSync(path.join(root, 'backstage.json'), 'utf8'),
        ).version;
        if (release !== BACKSTAGE_RELEASE) {
          throw new Error(
            `backstage.json says ${release}: pin BACKSTAGE_BACKEND to that release's versions`,
          );
        }
        const dependencies = {
          ...BACKSTAGE_BACKEND,
          ...(pg ? { pg: '^8.11.3' } : { 'better-sqlite3': '^12.0.0' }),
          ...Object.fromEntries(
            Object.entries(state.tarballs).map(([n, f]) => [
              n,
              `file:${path.relative(app, f)}`,
            ]),
          ),
        };
        fs.writeFileSync(
          path.join(app, 'package.json'),
          JSON.stringify(
            { name: 'my-backstage-backend', private: true, dependencies },
            null,
            2,
          ),
        );
        // Cache policy only (no resolution flag): CI may reuse the npm cache.
        run('npm', ['install'], {
          cwd: app,
          env: {
            npm_config_prefer_offline: 'true',
            npm_config_audit: 'false',
            npm_config_fund: 'false',
            npm_config_nodedir: '/usr',
          },
        });
      },
    );
    await step(
      'no test library is installed, and one zod major under our packages',
      async () => {
        const present = NEVER_INSTALLED.filter(n =>
          fs.existsSync(path.join(app, 'node_modules', n, 'package.json')),
        );
        if (present.length) throw new Error(`installed: ${present.join(', ')}`);
        for (const name of Object.keys(state.tarballs)) {
          const { dependencies = {} } = JSON.parse(
            fs.readFileSync(
              path.join(app, 'node_modules', name, 'package.json'),
              'utf8',
            ),
          );
          const tests = TEST_LIBRARIES.filter(n => n in dependencies);
          if (tests.length)
            throw new Error(`${name} depends on ${tests.join(', ')}`);
        }
        const ours = fs.readdirSync(path.join(app, 'node_modules/@aks-access'));
        const nested = ours.filter(p =>
          fs.existsSync(
            path.join(app, 'node_modules/@aks-access', p, 'node_modules/zod'),
          ),
        );
        if (nested.length)
          throw new Error(`a second zod under ${nested.join(', ')}`);
      },
    );
    await step('the sandbox command runs from its tarball', async () => {
      const dataDir = path.join(dir, 'sandbox');
      const sandbox = startProcess(
        path.join(app, 'node_modules/.bin/sandbox'),
        ['start', '--data-dir', dataDir],
        { cwd: app },
        path.join(dir, 'sandbox.log'),
      );
      try {
        await waitFor(
          'sandbox start writes app-config.sandbox.yaml',
          async () =>
            fs.existsSync(path.join(dataDir, 'app-config.sandbox.yaml')),
          60_000,
          sandbox,
        );
      } finally {
        stop(sandbox);
      }
    });
    await step(
      "the backend starts with the README's entry lines and config",
      async () => {
        const readme = fs.readFileSync(README, 'utf8');
        const sections = ['Install', 'Try it on the sandbox (no Azure)'];
        // The README's install commands name our packages; each must be one we packed.
        const named = sections
          .flatMap(s => fencedBlocks(readme, s, 'sh'))
          .flatMap(b =>
            [
              ...b.matchAll(/yarn --cwd packages\/backend add ([^\n]+)/g),
            ].flatMap(m => m[1].trim().split(/\s+/)),
          );
        const unknown = named.filter(n => !state.tarballs[n]);
        if (!named.length || unknown.length)
          throw new Error(
            `the README installs ${
              named.join(', ') || 'nothing'
            }; not packed: ${unknown.join(', ')}`,
          );
        const entryLines = sections.flatMap(s => fencedBlocks(readme, s, 'ts'));
        if (!entryLines.some(b => b.includes('backend.add(')))
          throw new Error('the README has no backend.add lines');
        // The backend a user already has (create-app's, in plain JS), plus the README's lines.
        fs.writeFileSync(
          path.join(app, 'index.js'),
          [
            "const { createBackend } = require('@backstage/backend-defaults');",
            'const backend = createBackend();',
            ...Object.keys(BACKSTAGE_BACKEND)
              .filter(n => n !== '@backstage/backend-defaults')
              .map(n => `backend.add(import('${n}'));`),
            ...entryLines,
            'backend.start();',
            '',
          ].join('\n'),
        );
        const examples = path.join(root, 'examples');
        const base = {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            baseUrl: BASE,
            listen: { port: PORT },
            database: pg
              ? {
                  client: 'pg',
                  connection: 'postgresql://postgres@127.0.0.1:5432',
                  prefix: dbPrefix,
                }
              : { client: 'better-sqlite3', connection: ':memory:' },
          },
          auth: {
            providers: { guest: { userEntityRef: 'user:default/alice' } },
          },
          permission: { enabled: true },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Group',
                  'User',
                  'Template',
                ],
              },
            ],
            locations: [
              { type: 'file', target: path.join(examples, 'entities.yaml') },
              { type: 'file', target: path.join(examples, 'org.yaml') },
              {
                type: 'file',
                target: path.join(examples, 'templates/all.yaml'),
              },
            ],
          },
        };
        const configs = ['app-config.yaml'];
        fs.writeFileSync(
          path.join(app, 'app-config.yaml'),
          yaml.stringify(base),
        );
        const readmeConfigs = [
          ...fencedBlocks(readme, 'Policy', 'yaml'),
          ...fencedBlocks(readme, 'Try it on the sandbox (no Azure)', 'yaml'),
        ];
        readmeConfigs.forEach((block, i) => {
          const file = `app-config.readme-${i + 1}.yaml`;
          fs.writeFileSync(path.join(app, file), `${block}\n`);
          configs.push(file);
        });
        // The production block is not run (it needs Azure) but must parse.
        fencedBlocks(readme, 'Azure and clusters', 'yaml').forEach(b =>
          yaml.parse(b),
        );
        backend = startProcess(
          process.execPath,
          ['index.js', ...configs.flatMap(c => ['--config', c])],
          { cwd: app, env: { ...process.env, NODE_ENV: 'development' } },
          path.join(dir, 'backend.log'),
        );
        await waitFor(
          'the backend',
          async () => (await fetch(`${BASE}/api/aks-access/health`)).ok,
          180_000,
          backend,
        );
      },
    );
    await step('GET /api/aks-access/health answers ok', async () => {
      const body = await json(
        await fetch(`${BASE}/api/aks-access/health`),
        'health',
      );
      if (body.status !== 'ok') throw new Error(JSON.stringify(body));
    });
    await step('the access view of payments-api lists its grants', async () => {
      // Sign-in reads alice's memberOf, which the catalog stitches after it
      // has read the group; wait for it so her token carries team-payments.
      const stitched = async () => {
        const res = await fetch(
          `${BASE}/api/catalog/entities/by-name/user/default/alice`,
          { headers: { authorization: `Bearer ${await guestToken()}` } },
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
        backend,
      );
      state.token = await guestToken();
      const view = await json(
        await fetch(`${BASE}/api/aks-access/entities/${ENTITY}/access`, {
          headers: { authorization: `Bearer ${state.token}` },
        }),
        'the access view',
      );
      const grants = (view.namespaces ?? []).flatMap(n => n.grants);
      if (grants.length === 0)
        throw new Error(`no grants: ${JSON.stringify(view).slice(0, 300)}`);
    });
    await step('a dry-run onboarding plans the namespace', async () => {
      const res = await fetch(`${BASE}/api/aks-access/namespaces`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${state.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          cluster: 'aks-dev-neu',
          namespace: 'install-check',
          entityRef: 'component:default/payments-api',
          owner: 'group:default/team-payments',
          dryRun: true,
        }),
      });
      const r = await json(res, 'POST /namespaces');
      if (
        !r.changes?.some(c => c.kind === 'Namespace' && c.action === 'create')
      )
        throw new Error(JSON.stringify(r).slice(0, 300));
    });
    await step(
      'the onboarding template runs (scaffolder dry run)',
      async () => {
        const template = yaml.parse(
          fs.readFileSync(
            path.join(root, 'examples/templates/onboard-namespace.yaml'),
            'utf8',
          ),
        );
        const res = await fetch(`${BASE}/api/scaffolder/v2/dry-run`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${state.token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            template,
            values: {
              entityRef: 'component:default/payments-api',
              owner: 'group:default/team-payments',
              cluster: 'aks-dev-neu',
              namespace: 'payments-api',
              tier: 'small',
              ownerLevel: 'write',
              readersLevel: 'read',
            },
            secrets: {},
            directoryContents: [],
          }),
        });
        const r = await json(res, 'the scaffolder dry run');
        const messages = (r.log ?? [])
          .map(l => l.body?.message ?? '')
          .join('\n');
        const failed = (r.log ?? []).filter(l => l.body?.status === 'failed');
        if (failed.length)
          throw new Error(`a step failed:\n${messages.slice(-1500)}`);
        // payments-api is onboarded already: the run plans what is missing.
        for (const planned of [
          /dry run: \w+ Namespace payments-api/,
          /dry run: \w+ RoleBinding payments-api\//,
        ]) {
          if (!planned.test(messages))
            throw new Error(
              `the log does not plan ${planned}:\n${messages.slice(-1500)}`,
            );
        }
      },
    );
  } finally {
    stop(backend);
    await new Promise(r => setTimeout(r, 1500));
    if (pg && fs.existsSync(path.join(app, 'node_modules/pg'))) {
      // The plugins' databases of this run, named with its prefix.
      spawnSync(process.execPath, ['-e', dropDatabases(dbPrefix)], {
        cwd: app,
        stdio: 'inherit',
      });
    }
    const failedSteps = results.filter(r => !r.ok).length;
    if (failedSteps) console.log(`  kept ${dir} for a look (backend.log)`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  const passed = results.filter(r => r.ok).length;
  const failed = results.length - passed;
  fs.writeFileSync(
    path.join(__dirname, '.install-outside-result.json'),
    JSON.stringify({ passed, failed, results }, null, 2),
  );
  console.log(`install outside: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

function dropDatabases(prefix) {
  return `
const { Client } = require('pg');
(async () => {
  const c = new Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await c.connect();
  const { rows } = await c.query("SELECT datname FROM pg_database WHERE datname LIKE $1", ['${prefix}%']);
  for (const { datname } of rows) await c.query('DROP DATABASE IF EXISTS "' + datname + '" WITH (FORCE)');
  await c.end();
})().catch(e => { console.error('dropping the test databases:', e.message); });
`;
}

main();
