import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { AzureConfig, ClusterConfig } from './config';

/**
 * Where the backend's Azure is, when it is not the one in `aksAccess`: a
 * module that stands in for Azure (the sandbox) or that discovers clusters
 * supplies it. Everything else, policy included, still comes from config.
 *
 * @public
 */
export interface AksAccessEnvironment {
  /** Replaces these `aksAccess.azure` settings. */
  azure?: Partial<
    Pick<
      AzureConfig,
      | 'tenantId'
      | 'credential'
      | 'armEndpoint'
      | 'authorityHost'
      | 'graphEndpoint'
      | 'disableInstanceDiscovery'
    >
  >;
  /**
   * The clusters, when `aksAccess.clusters` is empty. When it is not, a
   * configured cluster with no `url`, `caData` or `auth` takes them from the
   * supplied cluster of the same `clusterName`.
   */
  clusters?: ClusterConfig[];
  /** PEM certificates to trust for ARM, Entra, Graph and the API servers. */
  caPem?: string;
}

/** @public */
export interface AksAccessEnvironmentExtensionPoint {
  /** At most once per backend: two modules must not both claim to be Azure. */
  setEnvironment(environment: AksAccessEnvironment): void;
}

/** @public */
export const aksAccessEnvironmentExtensionPoint =
  createExtensionPoint<AksAccessEnvironmentExtensionPoint>({
    id: 'aks-access.environment',
  });
