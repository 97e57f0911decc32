import type {
  AzureConfig,
  ClusterConfig,
} from '@aks-access/plugin-aks-access-node';

export type {
  AzureConfig,
  AzureCredentialConfig,
  ClusterAuth,
  ClusterConfig,
} from '@aks-access/plugin-aks-access-node';

/** `aksAccess.discovery`: where to look for clusters in ARM. */
export interface DiscoveryConfig {
  subscriptions: string[];
  resourceGroups: string[];
  tags: Record<string, string>;
  refreshIntervalSeconds: number;
}

export interface AksAccessConfig {
  azure: AzureConfig;
  clusters: ClusterConfig[];
  discovery?: DiscoveryConfig;
}
