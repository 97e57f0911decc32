import {
  AKS_BUILTIN_ROLES,
  aksNamespaceScope,
  encodeGrantId,
  grantLevelOf,
  hasAksDataActions,
  Principal,
} from '@aks-access/plugin-aks-access-common';
import { AzureSnapshot } from '../azure/AzureSnapshot';
import { assignmentExpiry, isManagedAssignment } from '../azure/managedMarkers';
import { assignmentGone } from '../findings/drift';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import type { GrantsAndFindings } from './kubernetesGrants';
import { resolvePrincipal } from '../people/principals';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';

const CREDENTIAL_ROLES = new Set([
  AKS_BUILTIN_ROLES.clusterUser.guid,
  AKS_BUILTIN_ROLES.clusterAdmin.guid,
  AKS_BUILTIN_ROLES.namespaceUser.guid,
]);

/**
 * The scopes whose assignments reach a namespace: the namespace itself (as
 * a namespace of the cluster, and as an AKS managed namespace), or — for
 * the cluster-wide ones — the cluster, its resource group and subscription.
 */
function scopesReaching(cluster: ClusterHandle, namespace: string | undefined) {
  if (namespace !== undefined) {
    return (['namespaces', 'managedNamespaces'] as const).map(form => ({
      scope: aksNamespaceScope(cluster.armId, namespace, form),
      kind: 'namespace' as const,
    }));
  }
  const { subscriptionId, resourceGroup } = cluster.config;
  return [
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
 * Azure role assignments that mean something for the cluster: data-action
 * roles (on azure-rbac clusters, where AKS's webhook honours them) and the
 * kubeconfig roles (Cluster User/Admin); plus managed assignments that
 * vanished. Those made at `namespace`, or — with `namespace` undefined — the
 * cluster-wide ones (at the cluster or above it, and
 * aadProfile.adminGroupObjectIDs), which are listed once per cluster.
 */
export function azureGrants(
  cluster: ClusterHandle,
  namespace: string | undefined,
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
      // An unknown definition gives no data actions; its GUID may still be the Cluster Admin Role.
      const level = grantLevelOf(
        role ?? {
          guid: a.roleDefinitionGuid,
          dataActions: [],
          notDataActions: [],
        },
      );
      const expiry = assignmentExpiry(a);
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
        managed: isManagedAssignment(a),
        ...(kind === 'inherited' ? { inheritedFrom: a.scope } : {}),
        ...(a.createdOn ? { createdAt: a.createdOn } : {}),
        ...(expiry ? { expiresAt: expiry } : {}),
      });
    }
  }
  const adminGroups =
    namespace === undefined
      ? cluster.record?.properties.aadProfile?.adminGroupObjectIDs ?? []
      : [];
  for (const groupId of adminGroups) {
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
  const goneScope = (
    namespace === undefined
      ? cluster.armId
      : `${cluster.armId}/namespaces/${namespace}`
  ).toLowerCase();
  for (const { assignment, since } of azure.goneManagedAssignments()) {
    if (assignment.scope.toLowerCase() !== goneScope) continue;
    result.findings.push(
      assignmentGone(cluster.name, namespace, assignment, since),
    );
  }
  return result;
}
