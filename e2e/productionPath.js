#!/usr/bin/env node
/*
 * The production configuration path, against a standalone sandbox: `sandbox
 * start` in its own process, then the real backend (packages/backend) with
 * `--config app-config.yaml --config <dir>/app-config.sandbox.yaml` and
 * NODE_EXTRA_CA_CERTS, as docs/production.md runs it on AKS. Nothing is
 * embedded: the backend reaches Entra, ARM, Graph and the API servers over
 * HTTPS with its client secret, as it would in Azure. Then the guide's flow
 * through the REST API as the guest user alice: onboard, grant, federate, a
 * pod's token exchange, revoke. Results go to .production-path-result.json
 * for scripts/test-all.js.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');
const { startProcess, stop, waitFor } = require('./processes');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'node_modules/.bin/backstage-cli');
const PORT = Number(process.env.PRODUCTION_PATH_PORT || 7017);
const BASE = `http://localhost:${PORT}`;
const CLUSTER = 'aks-dev-neu';
const NAMESPACE = `prodpath-${Date.now().toString(36)}`;
const ENTITY = 'component:default/payments-api';

const productionLog = name =>
  path.join(os.tmpdir(), `aks-access-production-path-${name}.log`);

async function call(token, method, route, body) {
  const res = await fetch(`${BASE}/api/aks-access${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  if (!res.ok) {
    throw new Error(`${method} ${route} answered ${res.status}: ${text.slice(0, 500)}`);
  }
  return json;
}

/** The pod's side of workload identity: its projected token for Entra. */
function exchange(dataDir, credentials, clientId, assertion) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    scope: 'https://management.azure.com/.default',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  }).toString();
  const url = new URL(`${credentials.tenantId}/oauth2/v2.0/token`, `${credentials.authorityHost.replace(/\/?$/, '/')}`);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        ca: fs.readFileSync(path.join(dataDir, 'ca.pem')),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(form),
        },
      },
      res => {
        const chunks = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

async function guestToken() {
  const res = await fetch(`${BASE}/api/auth/guest/refresh?env=development`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
  if (!res.ok) throw new Error(`guest sign-in answered ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function main() {
  const results = [];
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ name, ok: false, error: String(error.message ?? error) });
      console.log(`  ✗ ${name}: ${error.message ?? error}`);
      throw error;
    }
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-access-standalone-'));
  let sandbox;
  let backend;
  const state = {};
  console.log('production path against a standalone sandbox');
  try {
    await step('sandbox start writes app-config.sandbox.yaml', async () => {
      sandbox = startProcess(process.execPath, [path.join(root, 'packages/aks-sandbox/bin/sandbox'), 'start', '--data-dir', dataDir], { cwd: root }, productionLog('sandbox'));
      const config = path.join(dataDir, 'app-config.sandbox.yaml');
      await waitFor('app-config.sandbox.yaml', async () => fs.existsSync(config), 120_000, sandbox);
      state.credentials = JSON.parse(fs.readFileSync(path.join(dataDir, 'credentials.json'), 'utf8'));
    });
    await step('the backend starts on app-config.yaml + app-config.sandbox.yaml', async () => {
      backend = startProcess(
        cli,
        ['package', 'start', '--config', path.join(root, 'app-config.yaml'), '--config', path.join(dataDir, 'app-config.sandbox.yaml')],
        {
          cwd: path.join(root, 'packages/backend'),
          env: {
            ...process.env,
            NODE_ENV: 'development',
            NODE_EXTRA_CA_CERTS: path.join(dataDir, 'ca.pem'),
            APP_CONFIG_backend_listen_port: String(PORT),
            APP_CONFIG_backend_baseUrl: BASE,
          },
        },
        productionLog('backend'),
      );
      await waitFor('the backend', async () => (await fetch(`${BASE}/api/aks-access/health`)).ok, 240_000, backend);
      const log = fs.readFileSync(backend.log, 'utf8');
      if (/AKS sandbox started in-process/.test(log)) {
        throw new Error('the backend started an embedded sandbox; the production path must not');
      }
    });
    await step('alice signs in (guest) and sees the clusters from config', async () => {
      // Her token carries her groups only once the catalog has stitched her
      // memberOf, which can come after the group itself is readable: wait
      // for her entity's memberOf relation, which sign-in reads.
      const stitched = async () => {
        const res = await fetch(`${BASE}/api/catalog/entities/by-name/user/default/alice`, { headers: { authorization: `Bearer ${await guestToken()}` } });
        const alice = res.ok ? await res.json() : {};
        return (alice.relations ?? []).some(r => r.type === 'memberOf' && r.targetRef === 'group:default/team-payments');
      };
      await waitFor("alice's memberOf in the catalog", stitched, 120_000, backend);
      state.token = await guestToken();
      const { items } = await call(state.token, 'GET', '/clusters');
      const names = items.map(c => c.name).sort().join(',');
      if (!names.includes(CLUSTER)) throw new Error(`clusters are ${names}`);
      const dev = items.find(c => c.name === CLUSTER);
      if (dev.status !== 'ok' && dev.status?.state !== 'ok' && JSON.stringify(dev).includes('unreachable')) {
        throw new Error(`${CLUSTER} is not reachable: ${JSON.stringify(dev)}`);
      }
    });
    await step('onboard a namespace', async () => {
      const r = await call(state.token, 'POST', '/namespaces', { cluster: CLUSTER, namespace: NAMESPACE, entityRef: ENTITY, owner: 'group:default/team-payments' });
      if (!r.changes.some(c => c.kind === 'Namespace' && c.action === 'create')) throw new Error(JSON.stringify(r.changes));
      const out = execFileSync('kubectl', ['--kubeconfig', path.join(dataDir, 'kubeconfig'), '--context', `${CLUSTER}-admin`, 'get', 'namespace', NAMESPACE, '-o', 'name'], { encoding: 'utf8' });
      if (!out.includes(NAMESPACE)) throw new Error(`kubectl: ${out}`);
    });
    await step('grant read to a group', async () => {
      const r = await call(state.token, 'POST', '/grants', { cluster: CLUSTER, namespace: NAMESPACE, principal: 'group:default/payments-readers', level: 'read' });
      state.grantId = r.grantId;
      if (!state.grantId) throw new Error(JSON.stringify(r));
    });
    await step('federate a ServiceAccount', async () => {
      const r = await call(state.token, 'POST', '/workload-identities', { cluster: CLUSTER, namespace: NAMESPACE, serviceAccount: 'app', entityRef: ENTITY, identityName: `id-${NAMESPACE}-app` });
      state.clientId = r.clientId;
      if (!state.clientId) throw new Error(JSON.stringify(r));
    });
    await step("the pod's token exchange succeeds", async () => {
      const token = execFileSync('kubectl', ['--kubeconfig', path.join(dataDir, 'kubeconfig'), '--context', `${CLUSTER}-admin`, 'create', 'token', 'app', '-n', NAMESPACE, '--audience', 'api://AzureADTokenExchange'], { encoding: 'utf8' }).trim();
      const r = await exchange(dataDir, state.credentials, state.clientId, token);
      if (r.status !== 200 || !r.body.access_token) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    });
    await step('revoke the grant; the access view no longer lists it', async () => {
      await call(state.token, 'DELETE', `/grants/${encodeURIComponent(state.grantId)}`);
      const view = await call(state.token, 'GET', '/entities/component/default/payments-api/access');
      if (JSON.stringify(view).includes(state.grantId)) throw new Error('the revoked grant is still listed');
    });
  } catch {
    // recorded by step()
  } finally {
    stop(backend);
    stop(sandbox);
    await new Promise(r => setTimeout(r, 1000));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const passed = results.filter(r => r.ok).length;
  const failed = results.length - passed + (results.length < 8 && results.every(r => r.ok) ? 1 : 0);
  fs.writeFileSync(path.join(__dirname, '.production-path-result.json'), JSON.stringify({ passed, failed, results }, null, 2));
  console.log(`production path: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
