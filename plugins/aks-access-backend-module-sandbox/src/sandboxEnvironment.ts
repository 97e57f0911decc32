import type { AksAccessEnvironment } from '@aks-access/plugin-aks-access-node';
import { buildBackstageConfig, RunningSandbox } from '@aks-access/sandbox';

/**
 * The sandbox as aks-access's Azure: the same settings `sandbox start`
 * writes to app-config.sandbox.yaml for the production path, plus trust in
 * its CA, which a separate process gets from NODE_EXTRA_CA_CERTS.
 */
export function sandboxEnvironment(
  sandbox: RunningSandbox,
): AksAccessEnvironment {
  const { azure, clusters } = buildBackstageConfig(sandbox).aksAccess;
  return {
    azure: {
      tenantId: azure.tenantId,
      credential: { type: 'clientSecret', ...azure.credential },
      armEndpoint: azure.armEndpoint,
      authorityHost: azure.authorityHost,
      graphEndpoint: azure.graphEndpoint,
      disableInstanceDiscovery: azure.disableInstanceDiscovery,
    },
    clusters,
    caPem: sandbox.caPem,
  };
}
