import https from 'node:https';
import { startSandbox } from '@aks-access/sandbox';
import type { AksAccessConfig, ClusterConfig } from '../config/types';

export interface EmbeddedSandbox {
  /** `config` with Azure and (when none are configured) the clusters pointed at the sandbox. */
  config: AksAccessConfig;
  agent: https.Agent;
  stop(): Promise<void>;
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
  const sandbox = await startSandbox({
    dataDir: config.sandbox.dataDir,
    seed: config.sandbox.seed,
    faults: config.sandbox.faults,
  });
  const agent = new https.Agent({ ca: sandbox.caPem, keepAlive: true });
  const resourceGroups = new Map(
    Object.values(sandbox.store.state.clusters).map(c => [
      c.record.name,
      c.record.resourceGroup,
    ]),
  );
  // The backend's app registration holds no Kubernetes role in the seed
  // (its grants would show on every entity); the sandbox's superuser token
  // stands in for the RBAC a real deployment gives the backend.
  const sandboxAuth = (c: { adminToken: string }) => ({
    type: 'serviceAccount' as const,
    token: c.adminToken,
  });
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
      auth: sandboxAuth(c),
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
      },
      clusters: config.clusters.length
        ? config.clusters.map(c => {
            const served = byName.get(c.clusterName);
            return {
              ...c,
              url: c.url ?? served?.apiServerUrl,
              caData: c.caData ?? served?.caData,
              auth: c.auth ?? (served && sandboxAuth(served)),
            };
          })
        : fromSandbox(),
    },
    agent,
    async stop() {
      agent.destroy();
      await sandbox.stop();
    },
  };
}
