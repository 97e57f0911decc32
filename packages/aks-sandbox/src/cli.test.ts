import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { buildBackstageConfig } from './backstageConfig';
import { main, start } from './cli';
import { SANDBOX_FILES } from './reset';
import type { RunningSandbox } from './startSandbox';

jest.setTimeout(60_000);

const tempDirs: string[] = [];
function tempDir(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function core(sandbox: RunningSandbox) {
  const c = sandbox.clusters[0];
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: c.apiServerUrl, caData: c.caData }],
    users: [{ name: 'u', token: c.adminToken }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc.makeApiClient(CoreV1Api);
}

/** Runs `fn` with stdout and stderr captured. */
async function captured<T>(fn: () => Promise<T>) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation(chunk => out.push(String(chunk)) > 0);
  const stderr = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation(chunk => err.push(String(chunk)) > 0);
  try {
    const result = await fn();
    return { result, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('sandbox start', () => {
  it('writes app-config.sandbox.yaml for the backend on its production path', async () => {
    const dataDir = tempDir('sandbox-cli-config-');
    const { result: sandbox, stdout } = await captured(() =>
      start({ 'data-dir': dataDir }, path.dirname(dataDir)),
    );
    const rel = path.basename(dataDir);
    try {
      const file = path.join(dataDir, 'app-config.sandbox.yaml');
      const text = fs.readFileSync(file, 'utf8');
      expect(fs.statSync(file).mode & 0o077).toBe(0);
      expect(text).toMatch(/^# /);
      expect(text).toContain(
        `NODE_EXTRA_CA_CERTS=${path.join(dataDir, 'ca.pem')}`,
      );

      const config = YAML.parse(text);
      expect(config).toEqual(buildBackstageConfig(sandbox));
      expect(config.aksAccess.sandbox).toEqual({ enabled: false });
      expect(config.aksAccess.azure).toEqual({
        tenantId: sandbox.tenantId,
        credential: sandbox.adminApp,
        armEndpoint: sandbox.armUrl,
        authorityHost: sandbox.authorityHost,
        graphEndpoint: sandbox.graphUrl,
        disableInstanceDiscovery: true,
      });
      // The least-privilege backend app, not the operator's Owner one.
      expect(config.aksAccess.azure.credential.clientId).not.toBe(
        sandbox.operatorApp.clientId,
      );

      const kubeconfig = YAML.parse(
        fs.readFileSync(path.join(dataDir, 'kubeconfig'), 'utf8'),
      );
      expect(config.aksAccess.clusters).toEqual(
        sandbox.clusters.map(c => ({
          name: c.name,
          title:
            c.name === c.clusterName
              ? c.name
              : `${c.clusterName} (subscription ${c.subscriptionId.slice(
                  0,
                  8,
                )})`,
          environment: c.clusterName.split('-')[1],
          subscriptionId:
            sandbox.store.state.clusters[c.name].record.subscriptionId,
          resourceGroup:
            sandbox.store.state.clusters[c.name].record.resourceGroup,
          clusterName: sandbox.store.state.clusters[c.name].record.name,
          url: c.apiServerUrl,
          caData: kubeconfig.clusters.find((k: any) => k.name === c.name)
            .cluster['certificate-authority-data'],
          auth: { type: 'azure' },
        })),
      );
      expect(
        config.aksAccess.clusters.find((c: any) => c.name === 'aks-prod-weu'),
      ).toMatchObject({ environment: 'prod' });
      expect(
        Buffer.from(config.aksAccess.clusters[0].caData, 'base64').toString(),
      ).toBe(sandbox.caPem);

      expect(stdout).toContain(
        // Relative to where `sandbox start` ran.
        `NODE_EXTRA_CA_CERTS=${rel}/ca.pem yarn start --config app-config.yaml --config ${rel}/app-config.sandbox.yaml`,
      );
    } finally {
      await sandbox.stop();
    }
  });
});

describe('sandbox reset', () => {
  it('removes the state so that the next start creates a fresh world', async () => {
    const dataDir = tempDir('sandbox-cli-reset-');
    const first = (await captured(() => start({ 'data-dir': dataDir }, '/')))
      .result;
    await core(first).createNamespace({
      body: { metadata: { name: 'before-reset' } },
    });
    await first.stop();
    const written = fs.readdirSync(dataDir);
    expect(written).toEqual(
      expect.arrayContaining([
        'state.json',
        'journal.ndjson',
        'ca.pem',
        'ca-key.pem',
        'ports.json',
        'kubeconfig',
        'credentials.json',
        'app-config.sandbox.yaml',
      ]),
    );
    expect(written.filter(f => !SANDBOX_FILES.includes(f))).toEqual([]);

    const { stdout } = await captured(() =>
      main(['reset', '--data-dir', dataDir]),
    );
    expect(process.exitCode).toBeFalsy();
    expect(stdout).toContain('Removed the sandbox state');
    expect(fs.readdirSync(dataDir)).toEqual([]);

    const second = (await captured(() => start({ 'data-dir': dataDir }, '/')))
      .result;
    try {
      expect(second.caPem).not.toBe(first.caPem);
      const names = (await core(second).listNamespace()).items.map(
        n => n.metadata!.name,
      );
      expect(names).not.toContain('before-reset');
      expect(names).toContain('default');
    } finally {
      await second.stop();
    }
  });

  it('refuses a folder that holds anything the sandbox did not write', async () => {
    const dataDir = tempDir('sandbox-cli-refuse-');
    fs.writeFileSync(path.join(dataDir, 'state.json'), '{}');
    fs.writeFileSync(path.join(dataDir, 'ca.pem'), 'x');
    fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'mine');
    fs.mkdirSync(path.join(dataDir, 'kubeconfig'));

    const { stderr } = await captured(() =>
      main(['reset', '--data-dir', dataDir]),
    );
    expect(process.exitCode).toBe(1);
    expect(stderr).toContain('Refusing to reset');
    expect(stderr).toContain('kubeconfig, notes.txt');
    expect(fs.readdirSync(dataDir).sort()).toEqual([
      'ca.pem',
      'kubeconfig',
      'notes.txt',
      'state.json',
    ]);
  });

  it('has nothing to do for a folder that does not exist', async () => {
    const dataDir = path.join(tempDir('sandbox-cli-missing-'), 'nope');
    const { stdout } = await captured(() =>
      main(['reset', '--data-dir', dataDir]),
    );
    expect(process.exitCode).toBeFalsy();
    expect(stdout).toContain('Nothing to reset');
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
