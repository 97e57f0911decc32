import type { startSandbox } from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import type { AksAccessConfig } from '@aks-access/plugin-aks-access-backend/testUtils';

/** The aks-access configuration of a backend on this sandbox, as its module would set it. */
export function backendConfigFor(
  sandbox: Pick<
    Awaited<ReturnType<typeof startSandbox>>,
    | 'tenantId'
    | 'adminApp'
    | 'armUrl'
    | 'authorityHost'
    | 'graphUrl'
    | 'clusters'
  >,
  intervals: {
    refreshIntervalSeconds: number;
    membershipRefreshSeconds: number;
  },
): AksAccessConfig {
  return {
    azure: {
      tenantId: sandbox.tenantId,
      credential: { type: 'clientSecret', ...sandbox.adminApp },
      armEndpoint: sandbox.armUrl,
      authorityHost: sandbox.authorityHost,
      disableInstanceDiscovery: true,
      graphEndpoint: sandbox.graphUrl,
      ...intervals,
    },
    clusters: sandbox.clusters.map(c => ({
      name: c.name,
      subscriptionId: c.subscriptionId,
      resourceGroup: c.resourceGroup,
      clusterName: c.clusterName,
      url: c.apiServerUrl,
      caData: c.caData,
      auth: { type: 'serviceAccount', token: c.adminToken },
    })),
  };
}
