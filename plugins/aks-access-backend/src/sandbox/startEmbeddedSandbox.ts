import https from 'node:https';
import path from 'node:path';
import { RunningSandbox, startSandbox } from '@aks-access/sandbox';
import type { AksAccessConfig, ClusterConfig } from '../config/types';

export interface EmbeddedSandbox {
  /** `config` with Azure and (when none are configured) the clusters pointed at the sandbox. */
  config: AksAccessConfig;
  agent: https.Agent;
  stop(): Promise<void>;
}

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

async function acquireSandbox(
  config: AksAccessConfig,
): Promise<{ sandbox: RunningSandbox; release(): Promise<void> }> {
  const options = {
    dataDir: config.sandbox.dataDir,
    seed: config.sandbox.seed,
    faults: config.sandbox.faults,
  };
  if (!options.dataDir) {
    const sandbox = await startSandbox(options);
    return { sandbox, release: () => sandbox.stop() };
  }
  const key = path.resolve(options.dataDir);
  const entry: SharedSandbox = shared.get(key) ?? {
    started: startSandbox(options),
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

/** The embedded sandbox running on `dataDir` in this process, if any (for tests). */
export function embeddedSandboxOn(dataDir: string): RunningSandbox | undefined {
  return shared.get(path.resolve(dataDir))?.sandbox;
}

/**
 * Sandbox mode: the sandbox runs in-process and the configuration is
 * rewritten to point at it, so every client below takes the same code path
 * as against Azure — a real ClientSecretCredential against the sandbox's
 * Entra authority, real ARM and Kubernetes clients over HTTPS.
 */
export async function startEmbeddedSandbox(
  config: AksAccessConfig,
): Promise<EmbeddedSandbox> {
  const { sandbox, release } = await acquireSandbox(config);
  const agent = new https.Agent({ ca: sandbox.caPem, keepAlive: true });
  const resourceGroups = new Map(
    Object.values(sandbox.store.state.clusters).map(c => [
      c.record.name,
      c.record.resourceGroup,
    ]),
  );
  // As on AKS: an Entra token for the AKS server app from the backend's own
  // credential; the sandbox seeds exactly the roles docs/production.md gives it.
  const azureAuth = { type: 'azure' as const };
  const fromSandbox = (): ClusterConfig[] =>
    sandbox.clusters.map(c => ({
      name: c.name,
      title: c.name,
      environment: c.name.split('-')[1],
      subscriptionId: sandbox.subscriptionId,
      resourceGroup: resourceGroups.get(c.name)!,
      clusterName: c.name,
      url: c.apiServerUrl,
      caData: c.caData,
      auth: azureAuth,
    }));
  const byName = new Map(sandbox.clusters.map(c => [c.name, c]));
  return {
    config: {
      ...config,
      azure: {
        ...config.azure,
        tenantId: sandbox.tenantId,
        credential: { type: 'clientSecret', ...sandbox.adminApp },
        armEndpoint: sandbox.armUrl,
        authorityHost: sandbox.authorityHost,
        graphEndpoint: sandbox.graphUrl,
      },
      clusters: config.clusters.length
        ? config.clusters.map(c => {
            const served = byName.get(c.clusterName);
            return {
              ...c,
              url: c.url ?? served?.apiServerUrl,
              caData: c.caData ?? served?.caData,
              auth: c.auth ?? (served && azureAuth),
            };
          })
        : fromSandbox(),
    },
    agent,
    async stop() {
      agent.destroy();
      await release();
    },
  };
}
