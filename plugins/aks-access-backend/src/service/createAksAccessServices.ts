import type { Agent } from 'node:https';
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ArmClients } from '../azure/ArmClients';
import { GraphDirectory } from '../azure/GraphDirectory';
import { createCredential } from '../azure/createCredential';
import { readAksAccessConfig } from '../config/readAksAccessConfig';
import type { AksAccessConfig } from '../config/types';
import {
  ClusterRegistry,
  DefaultClusterRegistry,
} from '../clusters/ClusterRegistry';
import { AzureTokenAuthenticator } from '../kubernetes/AzureTokenAuthenticator';
import { AccessIndex, DefaultAccessIndex } from '../access/AccessIndex';
import { startEmbeddedSandbox } from '../sandbox/startEmbeddedSandbox';

/** What the routes (read and write) are built on. */
export interface AksAccessServices {
  config: AksAccessConfig;
  registry: ClusterRegistry;
  index: AccessIndex;
  directory: GraphDirectory;
  /** Stops watches and, in sandbox mode, the sandbox. */
  stop(): Promise<void>;
}

export async function createAksAccessServices(options: {
  config: Config;
  logger: LoggerService;
}): Promise<AksAccessServices> {
  const { logger } = options;
  const config = readAksAccessConfig(options.config);
  const policySubscription = options.config.getOptionalString(
    'aksAccess.policy.workloadIdentity.subscriptionId',
  );
  const identitySubscriptions = policySubscription ? [policySubscription] : [];
  if (!config.sandbox.enabled) {
    return buildAksAccessServices(config, { logger, identitySubscriptions });
  }
  const sandbox = await startEmbeddedSandbox(config);
  logger.info(
    `AKS sandbox started in-process: ARM ${
      sandbox.config.azure.armEndpoint
    }, clusters ${sandbox.config.clusters
      .map(c => `${c.name}=${c.url}`)
      .join(', ')}`,
  );
  const services = await buildAksAccessServices(sandbox.config, {
    logger,
    identitySubscriptions,
    agent: sandbox.agent,
    disableInstanceDiscovery: true,
  });
  return {
    ...services,
    async stop() {
      await services.stop();
      await sandbox.stop();
    },
  };
}

/** Clients, registry and a built index for a resolved configuration. */
export async function buildAksAccessServices(
  config: AksAccessConfig,
  options: {
    logger: LoggerService;
    identitySubscriptions?: string[];
    /** Trusts a private CA (the sandbox's) for ARM, Entra and the API servers' Azure tokens. */
    agent?: Agent;
    disableInstanceDiscovery?: boolean;
  },
): Promise<AksAccessServices> {
  const { logger, agent } = options;
  const credential = createCredential(config.azure, {
    agent,
    disableInstanceDiscovery: options.disableInstanceDiscovery,
  });
  const arm = new ArmClients({
    credential,
    endpoint: config.azure.armEndpoint,
    agent,
  });
  const registry = new DefaultClusterRegistry(
    config.clusters,
    arm,
    new AzureTokenAuthenticator(credential),
    logger,
  );
  const index = new DefaultAccessIndex(registry, logger, {
    identitySubscriptions: options.identitySubscriptions,
  });
  const started = Date.now();
  await index.start();
  logger.info(`AKS access index built in ${Date.now() - started} ms`);
  const directory = new GraphDirectory({
    credential,
    endpoint: config.azure.graphEndpoint,
    agent,
  });
  return {
    config,
    registry,
    index,
    directory,
    async stop() {
      index.stop();
    },
  };
}
