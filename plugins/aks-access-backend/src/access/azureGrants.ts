import {
  AKS_BUILTIN_ROLES,
  encodeGrantId,
  Finding,
  GrantLevel,
  Principal,
} from '@aks-access/plugin-aks-access-common';
import { AzureSnapshot, MANAGED_DESCRIPTION } from '../azure/AzureSnapshot';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import type { GrantsAndFindings } from './kubernetesGrants';
import { hasAksDataActions, levelOfAzureRole } from './levels';
import { resolvePrincipal } from './principals';
import type { PrincipalDirectory } from './PrincipalDirectory';

const CREDENTIAL_ROLES = new Set([
  AKS_BUILTIN_ROLES.clusterUser.guid,
  AKS_BUILTIN_ROLES.clusterAdmin.guid,
]);

/** The scopes whose assignments reach a namespace: itself, the cluster, its resource group and subscription. */
function scopesReaching(cluster: ClusterHandle, namespace: string) {
  const { subscriptionId, resourceGroup } = cluster.config;
  return [
    {
      scope: `${cluster.armId}/namespaces/${namespace}`,
      kind: 'namespace' as const,
    },
    { scope: cluster.armId, kind: 'cluster' as const },
    {
      scope: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`,
      kind: 'inherited' as const,
    },
    { scope: `/subscriptions/${subscriptionId}`, kind: 'inherited' as const },
  ];
}

function principalKind(type?: string): Principal['kind'] {
  if (type === 'User' || type === 'ServicePrincipal') return type;
  return 'Group';
}

/**
 * Azure role assignments that reach the namespace and mean something for
 * the cluster: data-action roles (on azure-rbac clusters, where AKS's
 * webhook honours them) and the kubeconfig roles (Cluster User/Admin).
 * Plus aadProfile.adminGroupObjectIDs, and managed assignments that vanished.
 */
export function azureGrants(
  cluster: ClusterHandle,
  namespace: string,
  azure: AzureSnapshot,
  directory: PrincipalDirectory,
): GrantsAndFindings {
  const result: GrantsAndFindings = { grants: [], findings: [] };
  const azureRbac = !!cluster.record?.properties.aadProfile?.enableAzureRBAC;
  for (const { scope, kind } of scopesReaching(cluster, namespace)) {
    for (const a of azure.assignmentsAt(scope)) {
      const role = azure.roleDefinition(a.roleDefinitionGuid);
      const dataRole = !!role && hasAksDataActions(role);
      if (
        !(dataRole && azureRbac) &&
        !CREDENTIAL_ROLES.has(a.roleDefinitionGuid)
      )
        continue;
      let level: GrantLevel = 'custom';
      if (a.roleDefinitionGuid === AKS_BUILTIN_ROLES.clusterAdmin.guid)
        level = 'cluster-admin';
      else if (role && dataRole) level = levelOfAzureRole(role);
      result.grants.push({
        id: encodeGrantId({
          cluster: cluster.name,
          source: 'AzureRoleAssignment',
          id: a.id,
        }),
        principal: resolvePrincipal(
          directory,
          principalKind(a.principalType),
          a.principalId,
        ),
        level,
        role: role?.roleName ?? a.roleDefinitionGuid,
        source: 'AzureRoleAssignment',
        scope: kind === 'namespace' ? 'namespace' : 'cluster',
        managed: MANAGED_DESCRIPTION.test(a.description ?? ''),
        ...(kind === 'inherited' ? { inheritedFrom: a.scope } : {}),
      });
    }
  }
  for (const groupId of cluster.record?.properties.aadProfile
    ?.adminGroupObjectIDs ?? []) {
    result.grants.push({
      id: encodeGrantId({
        cluster: cluster.name,
        source: 'AadAdminGroup',
        id: groupId,
      }),
      principal: resolvePrincipal(directory, 'Group', groupId),
      level: 'cluster-admin',
      role: 'aadProfile.adminGroupObjectIDs',
      source: 'AadAdminGroup',
      scope: 'cluster',
      managed: false,
    });
  }
  const nsScope = `${cluster.armId}/namespaces/${namespace}`.toLowerCase();
  for (const { assignment, since } of azure.goneManagedAssignments()) {
    const scope = assignment.scope.toLowerCase();
    if (scope !== nsScope && scope !== cluster.armId.toLowerCase()) continue;
    result.findings.push(
      goneFinding(
        cluster.name,
        scope === nsScope ? namespace : undefined,
        assignment,
        since,
      ),
    );
  }
  return result;
}

function goneFinding(
  cluster: string,
  namespace: string | undefined,
  a: {
    id: string;
    name: string;
    scope: string;
    roleDefinitionGuid: string;
    principalId: string;
  },
  since: Date,
): Finding {
  return {
    id: `drift:${cluster}:azure:${a.name}`,
    kind: 'drift',
    severity: 'high',
    cluster,
    namespace,
    title: 'Managed Azure role assignment deleted outside aks-access',
    detail: `The role assignment ${a.name} (role ${a.roleDefinitionGuid} for ${
      a.principalId
    } at ${
      a.scope
    }) that aks-access made has been gone since ${since.toISOString()}.`,
    remediation:
      'Re-run the grant from Backstage to restore it, or revoke it there if the access is no longer wanted.',
  };
}
