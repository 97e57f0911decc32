import type { ManagedCluster } from '../azure/managedCluster';
import type {
  AuthorizationMode,
  ClusterPosture,
} from '@aks-access/plugin-aks-access-common';

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
    localAccountsDisabled: p.disableLocalAccounts ?? false,
    oidcIssuerEnabled: p.oidcIssuerProfile?.enabled ?? false,
    oidcIssuerUrl: p.oidcIssuerProfile?.issuerURL,
    workloadIdentityEnabled:
      p.securityProfile?.workloadIdentity?.enabled ?? false,
    kubernetesVersion:
      p.currentKubernetesVersion ?? p.kubernetesVersion ?? 'unknown',
  };
}
