import fs from 'node:fs';
import path from 'node:path';
import {
  RunningSandbox,
  startSandbox,
  writeClientFiles,
} from '@aks-access/sandbox';
import type { SandboxConfig } from './readSandboxConfig';

/*
 * Embedded sandboxes by data folder. Backends in one process that name the
 * same folder (replicas in a test, say) share one sandbox, as replicas share
 * one Azure: a folder's state journal must have a single writer. The sandbox
 * stops when its last backend does; the first backend's faults apply.
 */
interface SharedSandbox {
  started: Promise<RunningSandbox>;
  sandbox?: RunningSandbox;
  users: number;
}
const shared = new Map<string, SharedSandbox>();

async function startOnDisk(config: SandboxConfig & { dataDir: string }) {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const sandbox = await startSandbox(config);
  // What `sandbox start` writes, so kubectl and the Azure CLI see the world
  // the browser changes.
  writeClientFiles(config.dataDir, sandbox);
  return sandbox;
}

/** The sandbox for `config`, started or shared; `release` stops it after its last user. */
export async function acquireSandbox(
  config: SandboxConfig,
): Promise<{ sandbox: RunningSandbox; release(): Promise<void> }> {
  const { dataDir } = config;
  if (!dataDir) {
    const sandbox = await startSandbox(config);
    return { sandbox, release: () => sandbox.stop() };
  }
  const key = path.resolve(dataDir);
  const entry: SharedSandbox = shared.get(key) ?? {
    started: startOnDisk({ ...config, dataDir: key }),
    users: 0,
  };
  if (!shared.has(key)) {
    shared.set(key, entry);
    entry.started.catch(() => shared.delete(key));
  }
  entry.users++;
  const sandbox = await entry.started.catch(error => {
    entry.users--;
    throw error;
  });
  entry.sandbox = sandbox;
  let released = false;
  return {
    sandbox,
    async release() {
      if (released) return;
      released = true;
      if (--entry.users > 0) return;
      shared.delete(key);
      await sandbox.stop();
    },
  };
}

/** The embedded sandbox running on `dataDir` in this process, if any (for tests and benchmarks). */
export function embeddedSandboxOn(dataDir: string): RunningSandbox | undefined {
  return shared.get(path.resolve(dataDir))?.sandbox;
}
