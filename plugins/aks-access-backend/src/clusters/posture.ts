import type { ManagedCluster } from '../azure/managedCluster';
import type { AuthorizationMode, ClusterPosture, Finding } from '../access/types';
import type { ClusterHandle } from './ClusterRegistry';

export function authorizationModeOf(record: ManagedCluster): AuthorizationMode {
  return record.properties.aadProfile?.enableAzureRBAC
    ? 'azure-rbac'
    : 'kubernetes-rbac';
}

export function postureOf(record: ManagedCluster): ClusterPosture {
  const p = record.properties;
  return {
    entraIntegration: p.aadProfile?.managed ?? false,
    azureRbac: p.aadProfile?.enableAzureRBAC ?? false,
    localAccounts: !p.disableLocalAccounts,
    oidcIssuer: {
      enabled: p.oidcIssuerProfile?.enabled ?? false,
      issuerURL: p.oidcIssuerProfile?.issuerURL,
    },
    workloadIdentity: p.securityProfile?.workloadIdentity?.enabled ?? false,
    kubernetesVersion: p.currentKubernetesVersion ?? p.kubernetesVersion,
  };
}

/** What a platform engineer should fix on the cluster itself, with the command that fixes it. */
export function postureFindings(cluster: ClusterHandle, record: ManagedCluster): Finding[] {
  const posture = postureOf(record);
  const { resourceGroup, clusterName } = cluster.config;
  const az = `az aks update -g ${resourceGroup} -n ${clusterName}`;
  const findings: Finding[] = [];
  const add = (key: string, severity: Finding['severity'], message: string, remediation: string) =>
    findings.push({ id: `posture:${cluster.name}:${key}`, type: 'posture', severity, cluster: cluster.name, message, remediation });

  if (record.properties.enableRBAC === false) {
    add('rbac-disabled', 'critical', `Kubernetes RBAC is disabled on ${cluster.name}: every authenticated user can do anything.`,
      'RBAC cannot be enabled on an existing cluster. Fix: recreate the cluster with RBAC and migrate the workloads.');
  }
  if (!posture.entraIntegration) {
    add('entra-disabled', 'high', `Entra integration is off on ${cluster.name}: people cannot sign in with their Entra identity and group grants do not apply.`,
      `Fix: \`${az} --enable-aad --aad-admin-group-object-ids <platform group id>\`.`);
  }
  if (posture.localAccounts) {
    add('local-accounts', 'high', `Local accounts are enabled on ${cluster.name}: the cluster-admin credential bypasses Entra and is not auditable.`,
      `Fix: \`${az} --disable-local-accounts\`, then rotate certificates (\`az aks rotate-certs -g ${resourceGroup} -n ${clusterName}\`).`);
  }
  if (!posture.oidcIssuer.enabled) {
    add('oidc-issuer-disabled', 'medium', `The OIDC issuer is off on ${cluster.name}: workloads cannot federate with Entra.`,
      `Fix: \`${az} --enable-oidc-issuer\`.`);
  }
  if (!posture.workloadIdentity) {
    add('workload-identity-disabled', 'medium', `Workload identity is off on ${cluster.name}: annotated ServiceAccounts get no Azure token.`,
      `Fix: \`${az} --enable-workload-identity\`.`);
  }
  return findings;
}
