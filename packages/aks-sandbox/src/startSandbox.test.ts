import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunningSandbox, startSandbox } from './startSandbox';

jest.setTimeout(60_000);

function core(sandbox: RunningSandbox) {
  const c = sandbox.clusters.find(x => x.name === 'aks-dev-neu')!;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: c.apiServerUrl, caData: c.caData }],
    users: [{ name: 'u', token: c.adminToken }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc.makeApiClient(CoreV1Api);
}

describe('startSandbox with a data folder', () => {
  it('keeps state, CA, ports and tokens across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-restart-'));
    const first = await startSandbox({ dataDir });
    await core(first).createNamespace({
      body: { metadata: { name: 'survives-restart' } },
    });
    await first.stop();

    const second = await startSandbox({ dataDir });
    try {
      expect(second.caPem).toBe(first.caPem);
      expect(second.clusters.map(c => c.apiServerUrl)).toEqual(
        first.clusters.map(c => c.apiServerUrl),
      );
      expect(second.clusters[0].adminToken).toBe(first.clusters[0].adminToken);
      const ns = await core(second).readNamespace({ name: 'survives-restart' });
      expect(ns.metadata!.labels).toEqual({
        'kubernetes.io/metadata.name': 'survives-restart',
      });
      for (const file of ['state.json', 'ca.pem', 'ports.json'])
        expect(fs.existsSync(path.join(dataDir, file))).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('reports what clients need', async () => {
    const sandbox = await startSandbox();
    try {
      expect(sandbox.clusters.map(c => c.name).sort()).toEqual([
        'aks-dev-neu',
        'aks-prod-weu',
        'aks-prod-weu-2b7e9a41',
      ]);
      const prod = sandbox.ctx.store.state.clusters['aks-prod-weu'].record;
      expect(prod.oidcIssuerProfile.issuerURL).toBe(
        sandbox.clusters.find(c => c.name === 'aks-prod-weu')!.oidcIssuerUrl,
      );
      expect(sandbox.users.find(u => u.name === 'alice')!.token).toBe(
        'sandbox-user-alice',
      );
      expect(sandbox.adminApp.clientId).toBe(
        'f4dc9dfa-d9ec-44c4-a20e-a7368e71fcd5',
      );
    } finally {
      await sandbox.stop();
    }
  });
});
