import type { Agent } from 'node:https';
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ArmClients } from '../azure/ArmClients';
import { createCredential } from '../azure/createCredential';
import { readAksAccessConfig } from '../config/readAksAccessConfig';
import type { AksAccessConfig } from '../config/types';
import { ClusterRegistry, DefaultClusterRegistry } from '../clusters/ClusterRegistry';
import { AzureTokenAuthenticator } from '../kubernetes/AzureTokenAuthenticator';
import { AccessIndex, DefaultAccessIndex } from '../access/AccessIndex';
import { startEmbeddedSandbox } from '../sandbox/startEmbeddedSandbox';

/** What the routes (read and write) are built on. */
export interface AksAccessServices {
  config: AksAccessConfig;
  registry: ClusterRegistry;
  index: AccessIndex;
  /** Stops watches and, in sandbox mode, the sandbox. */
  stop(): Promise<void>;
}

export async function createAksAccessServices(options: {
  config: Config;
  logger: LoggerService;
}): Promise<AksAccessServices> {
  const { logger } = options;
  let config = readAksAccessConfig(options.config);
  let agent: Agent | undefined;
  let stopSandbox = async () => {};
  if (config.sandbox.enabled) {
    const sandbox = await startEmbeddedSandbox(config);
    config = sandbox.config;
    agent = sandbox.agent;
    stopSandbox = sandbox.stop;
    logger.info(
      `AKS sandbox started in-process: ARM ${config.azure.armEndpoint}, clusters ${config.clusters
        .map(c => `${c.name}=${c.url}`)
        .join(', ')}`,
    );
  }
  const credential = createCredential(config.azure, {
    agent,
    disableInstanceDiscovery: config.sandbox.enabled,
  });
  const arm = new ArmClients({ credential, endpoint: config.azure.armEndpoint, agent });
  const registry = new DefaultClusterRegistry(
    config.clusters,
    arm,
    new AzureTokenAuthenticator(credential),
    logger,
  );
  const policySubscription = options.config.getOptionalString(
    'aksAccess.policy.workloadIdentity.subscriptionId',
  );
  const index = new DefaultAccessIndex(registry, logger, {
    identitySubscriptions: policySubscription ? [policySubscription] : [],
  });
  const started = Date.now();
  await index.start();
  logger.info(`AKS access index built in ${Date.now() - started} ms`);
  return {
    config,
    registry,
    index,
    async stop() {
      index.stop();
      await stopSandbox();
    },
  };
}
