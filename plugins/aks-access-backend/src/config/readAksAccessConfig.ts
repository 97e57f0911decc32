import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AksAccessConfig,
  AzureCredentialConfig,
  ClusterAuth,
  ClusterConfig,
} from './types';

const DEFAULT_GRAPH_ENDPOINT = 'https://graph.microsoft.com';
const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';
const DEFAULT_REFRESH_SECONDS = 60;

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
    auth: readAuth(config),
  };
}

/** Reads `aksAccess` (DESIGN §4). The `policy` block belongs to the write path. */
export function readAksAccessConfig(root: Config): AksAccessConfig {
  const config = root.getOptionalConfig('aksAccess');
  const azure = config?.getOptionalConfig('azure');
  const sandbox = config?.getOptionalConfig('sandbox');
  const seed = sandbox?.getOptionalString('seed');
  if (seed && !['demo', 'large', 'empty'].includes(seed)) {
    throw new InputError(
      `aksAccess.sandbox.seed '${seed}' is not one of demo, large, empty`,
    );
  }
  return {
    sandbox: {
      enabled: sandbox?.getOptionalBoolean('enabled') ?? false,
      dataDir: sandbox?.getOptionalString('dataDir'),
      seed: seed as AksAccessConfig['sandbox']['seed'],
      faults: sandbox?.getOptional('faults'),
    },
    azure: {
      tenantId: azure?.getOptionalString('tenantId'),
      credential: readCredential(azure),
      armEndpoint:
        azure?.getOptionalString('armEndpoint') ?? DEFAULT_ARM_ENDPOINT,
      authorityHost: azure?.getOptionalString('authorityHost'),
      graphEndpoint:
        azure?.getOptionalString('graphEndpoint') ?? DEFAULT_GRAPH_ENDPOINT,
      refreshIntervalSeconds:
        azure?.getOptionalNumber('refreshIntervalSeconds') ??
        DEFAULT_REFRESH_SECONDS,
    },
    clusters: (config?.getOptionalConfigArray('clusters') ?? []).map(
      readCluster,
    ),
  };
}
