import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterConfig } from '../config/types';
import {
  AZURE_AUTH_PROVIDER,
  AzureTokenAuthenticator,
} from './AzureTokenAuthenticator';

/**
 * A KubeConfig for one cluster. `server` is the configured URL or the one
 * derived from ARM's fqdn.
 */
export function createKubeConfig(
  cluster: ClusterConfig,
  server: string,
  azureTokens: AzureTokenAuthenticator,
): KubeConfig {
  const kc = new KubeConfig();
  const auth = cluster.auth ?? { type: 'azure' };
  if (auth.type === 'kubeconfig') {
    if (auth.path) kc.loadFromFile(auth.path);
    else kc.loadFromDefault();
    kc.setCurrentContext(auth.context);
    return kc;
  }
  const user =
    auth.type === 'serviceAccount'
      ? { name: 'aks-access', token: auth.token }
      : {
          name: 'aks-access',
          authProvider: { name: AZURE_AUTH_PROVIDER, config: {} },
        };
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify ?? false,
      },
    ],
    users: [user],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: user.name }],
    currentContext: cluster.name,
  });
  kc.addAuthenticator(azureTokens);
  return kc;
}
