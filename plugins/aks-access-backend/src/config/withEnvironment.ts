import type { AksAccessEnvironment } from '@aks-access/plugin-aks-access-node';
import { clusterArmId } from '../clusters/ClusterRegistry';
import type { AzureConfig, ClusterConfig } from './types';

/**
 * A supplied cluster matches a configured one by ARM id: two subscriptions
 * may each hold a cluster of the same name, even in a resource group of the
 * same name.
 */
const armKey = (c: ClusterConfig) => clusterArmId(c).toLowerCase();

/** The configuration with a supplied environment laid over it. */
export function withEnvironment<
  T extends {
    azure: AzureConfig;
    clusters: ClusterConfig[];
    discovery?: unknown;
  },
>(config: T, environment: AksAccessEnvironment | undefined): T {
  if (!environment) return config;
  const supplied = new Map(
    (environment.clusters ?? []).map(c => [armKey(c), c]),
  );
  return {
    ...config,
    azure: { ...config.azure, ...environment.azure },
    // With discovery on, ARM says which clusters there are; the
    // environment only where to reach them.
    clusters:
      config.clusters.length || config.discovery
        ? config.clusters.map(c => {
            const match = supplied.get(armKey(c));
            return {
              ...c,
              url: c.url ?? match?.url,
              caData: c.caData ?? match?.caData,
              auth: c.auth ?? match?.auth,
              namespaceProvisioning:
                c.namespaceProvisioning ?? match?.namespaceProvisioning,
            };
          })
        : [...supplied.values()],
  };
}
