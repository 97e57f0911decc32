/**
 * How the backend authenticates to a cluster's API server.
 *
 * @public
 */
export type ClusterAuth =
  | { type: 'azure' }
  | { type: 'serviceAccount'; token: string }
  | { type: 'kubeconfig'; context: string; path?: string };

/**
 * One cluster as `aksAccess.clusters` configures it.
 *
 * @public
 */
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
  /** Absent means `kubernetes`: namespaces through the Kubernetes API. */
  namespaceProvisioning?: 'kubernetes' | 'managedNamespace';
  /** Absent means `azure`: the backend's own Entra token for the AKS server app. */
  auth?: ClusterAuth;
}

/** @public */
export type AzureCredentialConfig =
  | { type: 'default' }
  | { type: 'clientSecret'; clientId: string; clientSecret: string }
  | { type: 'workloadIdentity'; clientId: string; tokenFilePath?: string };

/**
 * `aksAccess.azure`, with its defaults applied.
 *
 * @public
 */
export interface AzureConfig {
  tenantId?: string;
  credential: AzureCredentialConfig;
  armEndpoint: string;
  authorityHost?: string;
  /**
   * MSAL asks login.microsoftonline.com to vouch for any authority; a
   * private authority (Azure Stack, the sandbox) must skip that.
   */
  disableInstanceDiscovery: boolean;
  graphEndpoint: string;
  refreshIntervalSeconds: number;
  /** How often group membership is brought up to date with a Graph delta round. */
  membershipRefreshSeconds: number;
}
