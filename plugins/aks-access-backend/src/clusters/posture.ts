import type { ManagedCluster } from '../azure/managedCluster';
import {
  AuthorizationMode,
  ClusterPosture,
  parseArmId,
  RoleAssignmentBudget,
} from '@aks-access/plugin-aks-access-common';
import type { AccessIndex } from '../access/AccessIndex';
import type { Guardrails } from '../policy/Guardrails';
import type { ClusterHandle } from './ClusterRegistry';

export function authorizationModeOf(record: ManagedCluster): AuthorizationMode {
  return record.properties.aadProfile?.enableAzureRBAC
    ? 'azure-rbac'
    : 'kubernetes-rbac';
}

/** The cluster's subscription's role assignments against the budget, once read. */
export function budgetOf(
  cluster: ClusterHandle,
  index: AccessIndex,
  guardrails: Guardrails,
): RoleAssignmentBudget | undefined {
  const { subscriptionId } = parseArmId(cluster.armId, 'cluster id');
  const count = index.azure.assignmentCount(subscriptionId);
  return count === undefined
    ? undefined
    : guardrails.budget(subscriptionId, count);
}

export function postureOf(
  record: ManagedCluster,
  budget?: RoleAssignmentBudget,
): ClusterPosture {
  const p = record.properties;
  return {
    ...(budget ? { roleAssignments: budget } : {}),
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
