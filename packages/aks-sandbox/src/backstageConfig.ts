import YAML from 'yaml';
import type { RunningSandbox } from './startSandbox';

/**
 * The `aksAccess` settings that run the aks-access backend on its
 * production path (plugins/aks-access-backend/config.d.ts) against a
 * running sandbox: the backend's own least-privilege app registration, the
 * sandbox's ARM, Entra and Graph, and its clusters with Azure auth.
 */
export interface SandboxBackstageConfig {
  aksAccess: {
    sandbox: { enabled: false };
    azure: {
      tenantId: string;
      credential: { clientId: string; clientSecret: string };
      armEndpoint: string;
      authorityHost: string;
      graphEndpoint: string;
      /** MSAL cannot ask login.microsoftonline.com to vouch for the sandbox's authority. */
      disableInstanceDiscovery: true;
    };
    clusters: Array<{
      name: string;
      title: string;
      environment: string;
      subscriptionId: string;
      resourceGroup: string;
      clusterName: string;
      url: string;
      /** base64 PEM, as in the sandbox's kubeconfig */
      caData: string;
      auth: { type: 'azure' };
    }>;
  };
}

export function buildBackstageConfig(
  sandbox: RunningSandbox,
): SandboxBackstageConfig {
  return {
    aksAccess: {
      // The embedded sandbox would replace the very settings below.
      sandbox: { enabled: false },
      azure: {
        tenantId: sandbox.tenantId,
        credential: { ...sandbox.adminApp },
        armEndpoint: sandbox.armUrl,
        authorityHost: sandbox.authorityHost,
        graphEndpoint: sandbox.graphUrl,
        disableInstanceDiscovery: true,
      },
      clusters: sandbox.clusters.map(c => ({
        name: c.name,
        // Two clusters of one name are told apart by their subscription.
        title:
          c.name === c.clusterName
            ? c.name
            : `${c.clusterName} (subscription ${c.subscriptionId.slice(0, 8)})`,
        // aks-prod-weu: prod
        environment: c.clusterName.split('-')[1],
        subscriptionId: c.subscriptionId,
        resourceGroup: c.resourceGroup,
        clusterName: c.clusterName,
        url: c.apiServerUrl,
        caData: c.caData,
        auth: { type: 'azure' },
      })),
    },
  };
}

/** buildBackstageConfig as app-config YAML, with a header saying how to use it. */
export function backstageConfigYaml(
  sandbox: RunningSandbox,
  dataDir: string,
): string {
  const caPem = `${dataDir}/ca.pem`;
  const header = [
    'Backstage configuration that runs the aks-access backend on its',
    'production configuration path against the local AKS sandbox: a real',
    'client-secret credential, ARM, Entra, Graph and API-server clients, and',
    'no embedded sandbox. Written by `sandbox start` on every start (ports',
    'can change); edits are overwritten.',
    '',
    "ARM, Entra and Graph serve TLS with the sandbox's own CA, which Node must",
    `trust: NODE_EXTRA_CA_CERTS=${caPem}`,
    '',
    `  NODE_EXTRA_CA_CERTS=${caPem} yarn start \\`,
    `    --config app-config.yaml --config ${dataDir}/app-config.sandbox.yaml`,
  ];
  return `${header.map(l => (l ? `# ${l}` : '#')).join('\n')}\n${YAML.stringify(
    buildBackstageConfig(sandbox),
  )}`;
}
