import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from './store';
import type { SandboxState } from './types';

const initial = (): SandboxState => ({
  version: 1,
  tenantId: 't',
  subscriptionId: 's',
  tenantSigningKeyPem: '',
  directory: { users: [], groups: [], apps: [], servicePrincipals: [] },
  clusters: {},
  roleAssignments: {},
  identities: {},
});

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-store-'));

describe('openStore', () => {
  it('keeps acknowledged commits across a reopen without compaction (as after a kill)', async () => {
    const dir = tmp();
    const store = openStore(dir, initial);
    await store.commit([{ path: ['identities', 'a'], value: { name: 'a' } }]);
    await store.commit([{ path: ['identities', 'b'], value: { name: 'b' } }]);
    await store.commit([{ path: ['identities', 'a'] }]);
    // no close(): the journal alone must carry the writes
    const reopened = openStore(dir, () => {
      throw new Error('must not reseed');
    });
    expect(Object.keys(reopened.state.identities)).toEqual(['b']);
    reopened.close();
  });

  it('ignores a torn last journal line', async () => {
    const dir = tmp();
    const store = openStore(dir, initial);
    await store.commit([{ path: ['tenantId'], value: 'kept' }]);
    fs.appendFileSync(
      path.join(dir, 'journal.ndjson'),
      '[{"path":["tenantId"],"val',
    );
    const reopened = openStore(dir, initial);
    expect(reopened.state.tenantId).toBe('kept');
    reopened.close();
  });

  it('compacts into state.json and empties the journal', async () => {
    const dir = tmp();
    const store = openStore(dir, initial);
    await store.commit([{ path: ['subscriptionId'], value: 'sub-2' }]);
    store.close();
    expect(fs.readFileSync(path.join(dir, 'journal.ndjson'), 'utf8')).toBe('');
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'))
        .subscriptionId,
    ).toBe('sub-2');
    expect(fs.existsSync(path.join(dir, 'state.json.tmp'))).toBe(false);
  });

  it('works in memory without a data folder', async () => {
    const store = openStore(undefined, initial);
    await store.commit([
      { path: ['clusters', 'c', 'resourceVersion'], value: 3 },
    ]);
    expect(store.state.clusters.c.resourceVersion).toBe(3);
  });
});
