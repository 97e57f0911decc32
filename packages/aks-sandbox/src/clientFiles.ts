import fs from 'node:fs';
import path from 'node:path';
import { backstageConfigYaml } from './backstageConfig';
import { buildKubeconfig } from './kubeconfig';
import { CA_CERT_FILE } from './tls';
import type { RunningSandbox } from './startSandbox';

export const KUBECONFIG_FILE = 'kubeconfig';
export const CREDENTIALS_FILE = 'credentials.json';
export const BACKSTAGE_CONFIG_FILE = 'app-config.sandbox.yaml';

/** Besides the CA certificate, which the CA's own files include. */
export const CLIENT_FILES = [
  KUBECONFIG_FILE,
  CREDENTIALS_FILE,
  BACKSTAGE_CONFIG_FILE,
];

/** Writes what clients need to reach the sandbox next to its state. */
export function writeClientFiles(dataDir: string, sandbox: RunningSandbox) {
  fs.writeFileSync(
    path.join(dataDir, KUBECONFIG_FILE),
    buildKubeconfig(sandbox),
    { mode: 0o600 },
  );
  fs.writeFileSync(path.join(dataDir, CA_CERT_FILE), sandbox.caPem);
  const credentials = {
    tenantId: sandbox.tenantId,
    authorityHost: sandbox.authorityHost,
    armUrl: sandbox.armUrl,
    graphUrl: sandbox.graphUrl,
    subscriptionId: sandbox.subscriptionId,
    adminApp: sandbox.adminApp,
    operatorApp: sandbox.operatorApp,
    users: sandbox.users,
    clusters: sandbox.clusters.map(c => ({
      name: c.name,
      apiServerUrl: c.apiServerUrl,
      oidcIssuer: c.oidcIssuerUrl,
      adminToken: c.adminToken,
    })),
  };
  fs.writeFileSync(
    path.join(dataDir, CREDENTIALS_FILE),
    `${JSON.stringify(credentials, null, 2)}\n`,
    { mode: 0o600 },
  );
  // It holds the backend's client secret.
  fs.writeFileSync(
    path.join(dataDir, BACKSTAGE_CONFIG_FILE),
    backstageConfigYaml(sandbox, dataDir),
    { mode: 0o600 },
  );
}
