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

export interface AksAccessConfig {
  azure: AzureConfig;
  clusters: ClusterConfig[];
}
