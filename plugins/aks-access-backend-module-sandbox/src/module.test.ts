import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { api, startAksAccessTestBackend } from './testUtils';

jest.setTimeout(120_000);

describe('the sandbox module', () => {
  it('writes what `sandbox start` writes, so kubectl sees the same world, across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-module-'));
    const aksAccess = { sandbox: { enabled: true, dataDir } };
    // Asynchronously: the sandbox answering it runs in this process.
    const kubectl = async () =>
      (
        await promisify(execFile)(
          'kubectl',
          ['--context', 'aks-dev-neu-admin', 'get', 'namespaces', '-o', 'name'],
          {
            encoding: 'utf8',
            env: {
              ...process.env,
              KUBECONFIG: path.join(dataDir, 'kubeconfig'),
            },
          },
        )
      ).stdout;
    try {
      let backend = await startAksAccessTestBackend({ aksAccess });
      for (const file of [
        'kubeconfig',
        'ca.pem',
        'credentials.json',
        'app-config.sandbox.yaml',
      ]) {
        expect(fs.existsSync(path.join(dataDir, file))).toBe(true);
      }
      const written = parse(
        fs.readFileSync(path.join(dataDir, 'app-config.sandbox.yaml'), 'utf8'),
      );
      expect(written.aksAccess.sandbox).toEqual({ enabled: false });
      expect(written.aksAccess.azure.disableInstanceDiscovery).toBe(true);

      const onboarded = await api(backend).post('/namespaces', {
        cluster: 'aks-dev-neu',
        namespace: 'module-world',
        entityRef: 'component:default/payments-api',
        owner: 'group:default/team-payments',
      });
      expect(onboarded.status).toBe(200);
      expect(await kubectl()).toContain('namespace/module-world');

      await backend.stop();
      backend = await startAksAccessTestBackend({ aksAccess });
      expect(await kubectl()).toContain('namespace/module-world');
      await backend.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('does nothing when aksAccess.sandbox.enabled is false: aks-access has no clusters', async () => {
    const backend = await startAksAccessTestBackend({
      aksAccess: { sandbox: { enabled: false } },
    });
    try {
      const clusters = await api(backend).get('/clusters');
      expect(clusters.status).toBe(200);
      expect(clusters.body.items).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});
