import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { isGuid } from '@aks-access/plugin-aks-access-common';
import {
  AksAccessConfig,
  AzureCredentialConfig,
  ClusterAuth,
  ClusterConfig,
  DiscoveryConfig,
} from './types';

const DEFAULT_GRAPH_ENDPOINT = 'https://graph.microsoft.com';
const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';
const DEFAULT_REFRESH_SECONDS = 60;
/** A delta round costs a call or two when nothing changed. */
const DEFAULT_MEMBERSHIP_REFRESH_SECONDS = 60;
// Entra's authority hosts in Azure's public and national clouds, the ones
// that MSAL's instance discovery knows.
const PUBLIC_CLOUD_AUTHORITIES = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

function isPublicCloudAuthority(authorityHost: string | undefined): boolean {
  if (!authorityHost) return true;
  try {
    return PUBLIC_CLOUD_AUTHORITIES.has(new URL(authorityHost).hostname);
  } catch {
    throw new InputError(
      `aksAccess.azure.authorityHost '${authorityHost}' is not a URL`,
    );
  }
}

function readCredential(config: Config | undefined): AzureCredentialConfig {
  const raw = config?.getOptional('credential');
  if (raw === undefined || raw === 'default') return { type: 'default' };
  const credential = config!.getConfig('credential');
  if (credential.has('workloadIdentity')) {
    return {
      type: 'workloadIdentity',
      clientId: credential.getString('workloadIdentity.clientId'),
      tokenFilePath: credential.getOptionalString(
        'workloadIdentity.tokenFilePath',
      ),
    };
  }
  return {
    type: 'clientSecret',
    clientId: credential.getString('clientId'),
    clientSecret: credential.getString('clientSecret'),
  };
}

function readAuth(config: Config): ClusterAuth | undefined {
  const auth = config.getOptionalConfig('auth');
  if (!auth) return undefined;
  const type = auth.getString('type');
  switch (type) {
    case 'azure':
      return { type };
    case 'serviceAccount':
      return { type, token: auth.getString('token') };
    case 'kubeconfig':
      return {
        type,
        context: auth.getString('context'),
        path: auth.getOptionalString('path'),
      };
    default:
      throw new InputError(
        `aksAccess.clusters[${config.getString(
          'name',
        )}].auth.type '${type}' is not one of azure, serviceAccount, kubeconfig`,
      );
  }
}

function readProvisioning(
  config: Config,
): ClusterConfig['namespaceProvisioning'] {
  const value = config.getOptionalString('namespaceProvisioning');
  if (
    value === undefined ||
    value === 'kubernetes' ||
    value === 'managedNamespace'
  )
    return value;
  throw new InputError(
    `aksAccess.clusters[${config.getString(
      'name',
    )}].namespaceProvisioning '${value}' is not one of kubernetes, managedNamespace`,
  );
}

function readCluster(config: Config): ClusterConfig {
  return {
    name: config.getString('name'),
    title: config.getOptionalString('title'),
    environment: config.getOptionalString('environment'),
    subscriptionId: config.getString('subscriptionId'),
    resourceGroup: config.getString('resourceGroup'),
    clusterName: config.getString('clusterName'),
    url: config.getOptionalString('url'),
    caData: config.getOptionalString('caData'),
    skipTLSVerify: config.getOptionalBoolean('skipTLSVerify'),
    namespaceProvisioning: readProvisioning(config),
    auth: readAuth(config),
  };
}

/** Reads `aksAccess` (DESIGN §4). The `policy` block belongs to the write path. */
export function readAksAccessConfig(root: Config): AksAccessConfig {
  const config = root.getOptionalConfig('aksAccess');
  const azure = config?.getOptionalConfig('azure');
  const authorityHost = azure?.getOptionalString('authorityHost');
  return {
    azure: {
      tenantId: azure?.getOptionalString('tenantId'),
      credential: readCredential(azure),
      armEndpoint:
        azure?.getOptionalString('armEndpoint') ?? DEFAULT_ARM_ENDPOINT,
      authorityHost,
      disableInstanceDiscovery:
        azure?.getOptionalBoolean('disableInstanceDiscovery') ??
        !isPublicCloudAuthority(authorityHost),
      graphEndpoint:
        azure?.getOptionalString('graphEndpoint') ?? DEFAULT_GRAPH_ENDPOINT,
      refreshIntervalSeconds:
        azure?.getOptionalNumber('refreshIntervalSeconds') ??
        DEFAULT_REFRESH_SECONDS,
      membershipRefreshSeconds:
        azure?.getOptionalNumber('membershipRefreshSeconds') ??
        DEFAULT_MEMBERSHIP_REFRESH_SECONDS,
    },
    clusters: (config?.getOptionalConfigArray('clusters') ?? []).map(
      readCluster,
    ),
    ...(config?.has('discovery')
      ? { discovery: readDiscovery(config.getConfig('discovery')) }
      : {}),
  };
}

function readDiscovery(config: Config): DiscoveryConfig {
  const subscriptions = config.getStringArray('subscriptions');
  for (const subscription of subscriptions) {
    if (!isGuid(subscription)) {
      throw new InputError(
        `aksAccess.discovery.subscriptions: '${subscription}' is not a subscription id (a GUID)`,
      );
    }
  }
  const tags = config.getOptionalConfig('tags');
  return {
    subscriptions: subscriptions.map(s => s.toLowerCase()),
    resourceGroups: config.getOptionalStringArray('resourceGroups') ?? [],
    tags: Object.fromEntries(
      (tags?.keys() ?? []).map(k => [k, tags!.getString(k)]),
    ),
    refreshIntervalSeconds:
      config.getOptionalNumber('refreshIntervalSeconds') ?? 300,
  };
}
