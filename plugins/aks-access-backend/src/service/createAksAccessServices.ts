import https, { type Agent } from 'node:https';
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ArmClients } from '../azure/ArmClients';
import { GraphDirectory } from '../azure/GraphDirectory';
import { createCredential } from '../azure/createCredential';
import { readAksAccessConfig } from '../config/readAksAccessConfig';
import type { AksAccessConfig, ClusterConfig } from '../config/types';
import {
  ClusterDiscovery,
  discoverClusters,
} from '../clusters/discoverClusters';
import {
  ClusterRegistry,
  DefaultClusterRegistry,
} from '../clusters/ClusterRegistry';
import { AzureTokenAuthenticator } from '../kubernetes/AzureTokenAuthenticator';
import { AccessIndex, DefaultAccessIndex } from '../access/AccessIndex';
import type { AksAccessEnvironment } from '@aks-access/plugin-aks-access-node';
import { withEnvironment } from '../config/withEnvironment';
import {
  readPolicy,
  workloadIdentitySubscriptions,
} from '../policy/readPolicy';

/** What the routes (read and write) are built on. */
export interface AksAccessServices {
  config: AksAccessConfig;
  registry: ClusterRegistry;
  index: AccessIndex;
  /** Microsoft Graph: group membership rounds, and principals looked up before a grant. */
  graph: GraphDirectory;
  /** With `aksAccess.discovery`: lists ARM again, for the scheduled task. */
  discovery?: ClusterDiscovery;
  /** Stops the watches. */
  stop(): Promise<void>;
}

export async function createAksAccessServices(options: {
  config: Config;
  logger: LoggerService;
  /** From a module at `aksAccessEnvironmentExtensionPoint`, if one is installed. */
  environment?: AksAccessEnvironment;
}): Promise<AksAccessServices> {
  const { logger, environment } = options;
  const config = withEnvironment(
    readAksAccessConfig(options.config),
    environment,
  );
  const agent = environment?.caPem
    ? new https.Agent({ ca: environment.caPem, keepAlive: true })
    : undefined;
  const services = await buildAksAccessServices(config, {
    logger,
    identitySubscriptions: workloadIdentitySubscriptions(
      readPolicy(options.config).workloadIdentity,
    ),
    agent,
    supplied: environment?.clusters ?? [],
  });
  return {
    ...services,
    async stop() {
      await services.stop();
      agent?.destroy();
    },
  };
}

/** Clients, registry and a built index for a resolved configuration. */
export async function buildAksAccessServices(
  config: AksAccessConfig,
  options: {
    logger: LoggerService;
    identitySubscriptions?: string[];
    /** Trusts a private CA for ARM, Entra and the API servers' Azure tokens. */
    agent?: Agent;
    /** Endpoints an environment module supplies, for clusters found in ARM. */
    supplied?: ClusterConfig[];
  },
): Promise<AksAccessServices> {
  const { logger, agent } = options;
  const credential = createCredential(config.azure, agent);
  const arm = new ArmClients({
    credential,
    endpoint: config.azure.armEndpoint,
    agent,
  });
  const clusters = config.discovery
    ? [
        ...config.clusters,
        ...(await discoverClusters(
          arm,
          config.discovery,
          config.clusters,
          options.supplied ?? [],
          logger,
        )),
      ]
    : config.clusters;
  const registry = new DefaultClusterRegistry(
    clusters,
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
  // Before the first request, so that the first write on a cluster need
  // not stop to learn its API; a cluster that cannot answer yet is skipped.
  await Promise.all(
    registry.list().map(cluster =>
      Promise.resolve()
        .then(() => cluster.objects().discover())
        .catch(() => {}),
    ),
  );
  const graph = new GraphDirectory({
    credential,
    endpoint: config.azure.graphEndpoint,
    agent,
  });
  const discovery = config.discovery
    ? new ClusterDiscovery({
        arm,
        discovery: config.discovery,
        configured: config.clusters,
        supplied: options.supplied ?? [],
        registry,
        index,
        logger,
      })
    : undefined;
  return {
    config,
    registry,
    index,
    graph,
    ...(discovery ? { discovery } : {}),
    async stop() {
      index.stop();
    },
  };
}
