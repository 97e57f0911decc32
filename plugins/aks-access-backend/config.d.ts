export interface Config {
  /** AKS Access for Backstage */
  aksAccess?: {
    /**
     * Entity ref of the platform group whose members may do everything.
     * @visibility backend
     */
    platformGroup?: string;

    /**
     * Accept writes while `permission.enabled` is false. Backstage then
     * allows every request, so any signed-in user could onboard, grant and
     * federate for any entity. Default false: writes are refused, reads work.
     */
    allowWritesWithoutPermissions?: boolean;

    /**
     * Starts the local AKS sandbox in-process and points every client at it.
     * The clusters come from the sandbox when `clusters` is empty.
     */
    sandbox?: {
      enabled: boolean;
      /** Where the sandbox keeps its state and CA; in memory when absent. */
      dataDir?: string;
      /** The world to create on first start: `demo` (default), `large` or `empty`. */
      seed?: 'demo' | 'large' | 'empty';
      /** Fault injection, as the sandbox CLI flags (DESIGN §8). */
      faults?: {
        latencyMs?: number;
        armThrottle?: { capacity: number; refillPerSecond: number };
        kubeThrottle?: { capacity: number; refillPerSecond: number };
        principalReplicationMs?: number;
        ficConcurrencyWindowMs?: number;
        armErrorRate?: number;
      };
    };

    azure?: {
      tenantId?: string;
      /**
       * `default` is DefaultAzureCredential (which includes workload identity
       * when the backend runs on AKS); or an app registration's client secret;
       * or workload identity with an explicit client id.
       */
      credential?:
        | 'default'
        | {
            clientId: string;
            /** @visibility secret */
            clientSecret: string;
          }
        | {
            workloadIdentity: {
              clientId: string;
              /** Defaults to $AZURE_FEDERATED_TOKEN_FILE. */
              tokenFilePath?: string;
            };
          };
      /** ARM endpoint, for sovereign clouds. Default https://management.azure.com */
      armEndpoint?: string;
      /** Entra authority host. Default https://login.microsoftonline.com */
      authorityHost?: string;
      /**
       * Microsoft Graph endpoint, where raw principal object ids are looked
       * up before anything is granted. Default https://graph.microsoft.com
       */
      graphEndpoint?: string;
      /** How often role assignments, identities and cluster records are re-read, in seconds. Default 60. */
      refreshIntervalSeconds?: number;
    };

    clusters?: Array<{
      name: string;
      title?: string;
      environment?: string;
      subscriptionId: string;
      resourceGroup: string;
      /** The AKS resource name. */
      clusterName: string;
      /** The API server; taken from the ARM fqdn when absent. */
      url?: string;
      /**
       * base64 PEM of the API server's CA.
       * @visibility secret
       */
      caData?: string;
      skipTLSVerify?: boolean;
      /** How the backend authenticates to the API server. Default `azure`. */
      auth?:
        | { type: 'azure' }
        | {
            type: 'serviceAccount';
            /** @visibility secret */
            token: string;
          }
        | {
            type: 'kubeconfig';
            context: string;
            /** Default: the usual kubeconfig lookup ($KUBECONFIG, ~/.kube/config). */
            path?: string;
          };
    }>;

    policy?: {
      namespaces?: {
        pattern?: string;
        reserved?: string[];
        /** ResourceQuota and LimitRange values per tier. */
        quotaTiers?: {
          [tier: string]: {
            resourceQuota?: { [resource: string]: string };
            limitRange?: {
              default?: { [resource: string]: string };
              defaultRequest?: { [resource: string]: string };
              max?: { [resource: string]: string };
            };
          };
        };
        defaultTier?: string;
        networkPolicy?: 'same-namespace-ingress' | 'none';
      };
      grants?: {
        levels?: Array<'read' | 'write' | 'admin'>;
        principalKinds?: Array<'Group' | 'User'>;
      };
      workloadIdentity?: {
        subscriptionId?: string;
        resourceGroup?: string;
        location?: string;
        allowedRoles?: Array<{
          /** Built-in role name or role definition GUID. */
          role: string;
          /** ARM scope patterns; `*` matches one path segment's characters. */
          scopes: string[];
        }>;
      };
    };
  };
}
