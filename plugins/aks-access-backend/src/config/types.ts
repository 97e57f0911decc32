import type { FaultConfig } from '@aks-access/sandbox';
/** How the backend authenticates to a cluster's API server. */
export type ClusterAuth =
  | { type: 'azure' }
  | { type: 'serviceAccount'; token: string }
  | { type: 'kubeconfig'; context: string; path?: string };

export interface ClusterConfig {
  name: string;
  title?: string;
  environment?: string;
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
  url?: string;
  caData?: string;
  skipTLSVerify?: boolean;
  /** Absent means `azure`, except in sandbox mode, where the sandbox supplies a token. */
  auth?: ClusterAuth;
}

export type AzureCredentialConfig =
  | { type: 'default' }
  | { type: 'clientSecret'; clientId: string; clientSecret: string }
  | { type: 'workloadIdentity'; clientId: string; tokenFilePath?: string };

export interface AzureConfig {
  tenantId?: string;
  credential: AzureCredentialConfig;
  armEndpoint: string;
  authorityHost?: string;
  graphEndpoint: string;
  refreshIntervalSeconds: number;
}

export interface SandboxConfig {
  enabled: boolean;
  dataDir?: string;
  seed?: 'demo' | 'large' | 'empty';
  /** Sandbox fault injection (latency, throttling, replication delay, FIC races, 5xx). */
  faults?: FaultConfig;
}

export interface AksAccessConfig {
  sandbox: SandboxConfig;
  azure: AzureConfig;
  clusters: ClusterConfig[];
}
