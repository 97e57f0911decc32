import YAML from 'yaml';
import type { RunningSandbox } from './startSandbox';

/**
 * A kubeconfig with one context per cluster for the sandbox admin and for
 * each seeded user, e.g. `aks-prod-weu-admin`, `aks-prod-weu-alice`.
 */
export function buildKubeconfig(sandbox: RunningSandbox): string {
  const principals = [
    { name: 'admin', token: sandbox.clusters[0]?.adminToken ?? '' },
    ...sandbox.users.map(u => ({ name: u.name, token: u.token })),
  ];
  const contexts = sandbox.clusters.flatMap(c =>
    principals.map(p => ({
      name: `${c.name}-${p.name}`,
      context: { cluster: c.name, user: `sandbox-${p.name}` },
    })),
  );
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: sandbox.clusters.map(c => ({
      name: c.name,
      cluster: {
        server: c.apiServerUrl,
        'certificate-authority-data': c.caData,
      },
    })),
    users: principals.map(p => ({
      name: `sandbox-${p.name}`,
      user: { token: p.token },
    })),
    contexts,
    'current-context': contexts[0]?.name ?? '',
    preferences: {},
  });
}
