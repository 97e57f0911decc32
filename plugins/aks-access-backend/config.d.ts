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
       * Skip MSAL's instance discovery, which asks login.microsoftonline.com
       * to vouch for the authority. Default: true for an authority host that
       * is not one of Azure's public or national clouds (Azure Stack, a
       * private authority such as the sandbox's), false otherwise.
       */
      disableInstanceDiscovery?: boolean;
      /**
       * Microsoft Graph endpoint, where raw principal object ids are looked
       * up before anything is granted. Default https://graph.microsoft.com
       */
      graphEndpoint?: string;
      /** How often role assignments, identities and cluster records are re-read, in seconds. Default 60. */
      refreshIntervalSeconds?: number;
      /**
       * How often Entra group membership (users, groups, nesting) is brought
       * up to date with a Microsoft Graph delta round, in seconds. Default 60.
       * Needs GroupMember.Read.All and User.Read.All for the backend's app.
       */
      membershipRefreshSeconds?: number;
    };

    /**
     * Clusters found in ARM, beside `clusters`: every AKS cluster in these
     * subscriptions (read side by side at startup), filtered by resource
     * group and tags. A configured cluster with the same ARM id wins. A
     * discovered cluster is named after its ARM id's cluster name, with the
     * subscription's first eight characters added when two share a name.
     */
    discovery?: {
      subscriptions: string[];
      /** Only these resource groups (any case). */
      resourceGroups?: string[];
      /** Only clusters carrying every one of these tags with these values. */
      tags?: { [name: string]: string };
      /**
       * How often the subscriptions are listed again, in seconds, so that a
       * cluster created or deleted in ARM joins or leaves without a restart.
       * Default 300.
       */
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
      /**
       * How onboarding creates namespaces: through the Kubernetes API
       * (`kubernetes`, the default), or as AKS managed namespaces through
       * ARM (`managedNamespace`; AKS API 2025-09-01 or later), whose
       * labels, default quota and network policy ARM owns.
       */
      namespaceProvisioning?: 'kubernetes' | 'managedNamespace';
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
        /**
         * On clusters with `namespaceProvisioning: managedNamespace`: what
         * ARM does when the namespace already exists in the cluster. Default
         * `IfIdentical` (take it over only if nothing differs).
         */
        adoptionPolicy?: 'Never' | 'IfIdentical' | 'Always';
      };
      grants?: {
        levels?: Array<'read' | 'write' | 'admin'>;
        /** Whom a grant may name. Default `[Group]`. */
        principalKinds?: Array<'Group' | 'User'>;
        /**
         * Keyed by a cluster's `environment`: the kinds of principal granted
         * on its clusters, in place of `principalKinds` (e.g. users on dev,
         * groups only elsewhere).
         */
        environments?: {
          [environment: string]: {
            principalKinds: Array<'Group' | 'User'>;
          };
        };
      };
      /**
       * Time-bound access (POST /access-requests). A request is allowed by
       * the first rule that matches its cluster's environment and its level
       * (a rule without environment or level matches any); none matching is
       * a refusal. Default: one rule, PT8H with approval required.
       */
      accessRequests?: {
        /** ISO 8601; a request not decided in time is expired. Default P1D. */
        pendingTimeout?: string;
        rules?: Array<{
          environment?: string;
          level?: 'read' | 'write' | 'admin';
          /** ISO 8601, e.g. PT4H or P30D. */
          maxDuration: string;
          /** `none` grants at once, without asking the owners. */
          approval: 'required' | 'none';
        }>;
      };
      /** Recertification of every grant by its entity's owners. */
      reviews?: {
        /** Days between reviews, per cluster environment; `default` for the others. Default 90. */
        intervalDays?: { [environment: string]: number };
        /** A managed grant this many days past due is revoked by the scheduled task. */
        autoRevokeAfterDays?: number;
      };
      /**
       * Azure's 4,000 role assignments per subscription, which cannot be
       * raised: a finding past `warnAtPercent` (default 80), and grants that
       * would take a subscription past `refuseAtPercent` (default 95) are
       * refused with a 409 before anything is written.
       */
      roleAssignmentBudget?: {
        warnAtPercent?: number;
        refuseAtPercent?: number;
      };
      workloadIdentity?: {
        /** Where workload identities are created by default. */
        subscriptionId?: string;
        resourceGroup?: string;
        /** An Azure region name, e.g. westeurope. */
        location?: string;
        /**
         * Where the identities of a cluster of this `environment` are
         * created instead (subscription id, resource group, region).
         */
        environments?: {
          [environment: string]: {
            subscriptionId: string;
            resourceGroup: string;
            location: string;
          };
        };
        /**
         * Where the identities of this cluster (by its name) are created
         * instead; wins over its environment's. A name that is no cluster
         * stops the start (a warning with discovery on).
         */
        clusters?: {
          [cluster: string]: {
            subscriptionId: string;
            resourceGroup: string;
            location: string;
          };
        };
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
