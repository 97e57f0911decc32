import type {
  Finding,
  RoleAssignmentBudget,
} from '@aks-access/plugin-aks-access-common';
import type { ManagedCluster } from '../azure/managedCluster';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import { postureOf } from '../clusters/posture';
import { finding } from './finding';

/** What a platform engineer should fix on the cluster itself, with the command that fixes it. */
export function postureFindings(
  cluster: ClusterHandle,
  record: ManagedCluster,
  budget?: RoleAssignmentBudget,
): Finding[] {
  const posture = postureOf(record);
  const { resourceGroup, clusterName } = cluster.config;
  const az = `az aks update -g ${resourceGroup} -n ${clusterName}`;
  const findings: Finding[] = [];
  const add = (
    key: string,
    severity: Finding['severity'],
    title: string,
    detail: string,
    remediation: string,
  ) =>
    findings.push(
      finding('posture', [cluster.name, key], {
        severity,
        cluster: cluster.name,
        title,
        detail,
        remediation,
      }),
    );

  if (record.properties.enableRBAC === false) {
    add(
      'rbac-disabled',
      'critical',
      'Kubernetes RBAC disabled',
      `Kubernetes RBAC is disabled on ${cluster.name}: every authenticated user can do anything.`,
      'RBAC cannot be enabled on an existing cluster: recreate the cluster with RBAC and move the workloads to it.',
    );
  }
  if (!posture.entraIntegration) {
    add(
      'entra-disabled',
      'high',
      'Entra integration off',
      `Entra integration is off on ${cluster.name}: people cannot sign in with their Entra identity and group grants do not apply.`,
      `Run \`${az} --enable-aad --aad-admin-group-object-ids <platform group id>\`.`,
    );
  }
  if (!posture.localAccountsDisabled) {
    add(
      'local-accounts',
      'high',
      'Local accounts enabled',
      `Local accounts are enabled on ${cluster.name}: the cluster-admin credential bypasses Entra and is not auditable.`,
      `Run \`${az} --disable-local-accounts\`, then rotate the certificates (\`az aks rotate-certs -g ${resourceGroup} -n ${clusterName}\`).`,
    );
  }
  if (!posture.oidcIssuerEnabled) {
    add(
      'oidc-issuer-disabled',
      'medium',
      'OIDC issuer off',
      `The OIDC issuer is off on ${cluster.name}: workloads cannot federate with Entra.`,
      `Run \`${az} --enable-oidc-issuer\`.`,
    );
  }
  if (!posture.workloadIdentityEnabled) {
    add(
      'workload-identity-disabled',
      'medium',
      'Workload identity off',
      `Workload identity is off on ${cluster.name}: annotated ServiceAccounts get no Azure token.`,
      `Run \`${az} --enable-workload-identity\`.`,
    );
  }
  if (budget && budget.count >= budget.warnAt) {
    add(
      'role-assignment-budget',
      budget.count >= budget.refuseAt ? 'high' : 'medium',
      'Role assignments running out',
      `Subscription ${budget.subscriptionId} of ${cluster.name} holds ${budget.count} of Azure's ${budget.limit} role assignments, a limit that cannot be raised; past ${budget.refuseAt} aks-access refuses new grants there.`,
      `Grant to groups rather than to their members, and remove assignments nobody uses: list them with \`az role assignment list --all --subscription ${budget.subscriptionId} --query "length(@)"\`.`,
    );
  }
  return findings;
}
