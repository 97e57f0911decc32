import type {
  RbacV1Subject,
  V1ClusterRoleBinding,
  V1PolicyRule,
  V1RoleBinding,
} from '@kubernetes/client-node';
import {
  aksNamespaceScope,
  encodeGrantId,
  formatArmId,
  findBuiltinRole,
  Grant,
  GrantClaim,
  grantLevelOf,
  hasAksDataActions,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  parseGrantClaim,
  PermissionRequest,
} from '@aks-access/plugin-aks-access-common';
import type { AzureSnapshot } from '../azure/AzureSnapshot';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import type { ClusterCache } from '../kubernetes/ClusterCache';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import { resolvePrincipal, ViewPrincipal } from '../people/principals';
import { aksDataAction, dataActionsAllow } from './dataActions';
import { ruleAllows } from './rules';

/** What the engine reads of one cluster: the index's objects, never the API server or ARM. */
export interface ClusterPermissionSources {
  cluster: Pick<ClusterHandle, 'name' | 'armId' | 'config' | 'record'>;
  cache: Pick<ClusterCache, 'store'>;
  azure: Pick<AzureSnapshot, 'assignmentsAt' | 'roleDefinition'>;
}

/**
 * Who a grant is made to, as the authorizer matches it: a Kubernetes
 * subject by name, an Azure assignment by object id (its groups expanded by
 * the webhook), or the local admin account (system:masters).
 */
export type GrantSubject =
  | { kind: 'User' | 'Group'; name: string }
  | { kind: 'ServiceAccount'; namespace: string; name: string }
  | { kind: 'Azure'; objectId: string; principalType?: string }
  | { kind: 'LocalAccount' };

export interface AllowingGrant {
  grant: Grant & { principal: ViewPrincipal };
  subject: GrantSubject;
  /** The object that makes the grant, as a sentence names it. */
  where: string;
  /** Kubernetes' own default bindings (kubernetes.io/bootstrapping), the same on every cluster. */
  bootstrap?: true;
}

const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';

/** The identity a request is made as, the way the cluster's authenticator builds it. */
export interface RequestIdentity {
  username: string;
  groups: ReadonlySet<string>;
  /** Entra object ids whose Azure role assignments count: extra.oid and its groups, nested included. */
  azureIds: ReadonlySet<string>;
}

/** Does the grant reach the identity, as the authorizer decides? */
export function reaches(
  subject: GrantSubject,
  identity: RequestIdentity,
): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === identity.username;
    case 'Group':
      return identity.groups.has(subject.name);
    case 'ServiceAccount':
      return (
        identity.username ===
        `system:serviceaccount:${subject.namespace}:${subject.name}`
      );
    case 'Azure':
      return identity.azureIds.has(subject.objectId);
    case 'LocalAccount':
      return identity.groups.has('system:masters');
    default:
      return false;
  }
}

/** aadProfile.adminGroupObjectIDs, lower-case: the platform admins, who hold everything by design. */
export function adminGroupsOf(
  cluster: ClusterPermissionSources['cluster'],
): ReadonlySet<string> {
  return new Set(
    (cluster.record?.properties.aadProfile?.adminGroupObjectIDs ?? []).map(g =>
      g.toLowerCase(),
    ),
  );
}

const isManaged = (labels?: Record<string, string>) =>
  labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;

/** A binding's subject as a grant names it; kinds RBAC does not bind to are left out. */
function subjectOf(s: RbacV1Subject, namespace: string | undefined) {
  if (s.kind === 'ServiceAccount') {
    return {
      kind: 'ServiceAccount' as const,
      // A subject without a namespace means the binding's own.
      namespace: s.namespace || namespace || '',
      name: s.name,
    };
  }
  if (s.kind === 'User' || s.kind === 'Group') {
    return { kind: s.kind as 'User' | 'Group', name: s.name };
  }
  return undefined;
}

/** The rules of the Role (in the binding's namespace) or ClusterRole a binding binds to; none when it is missing. */
function bindingRules(
  sources: ClusterPermissionSources,
  binding: V1RoleBinding | V1ClusterRoleBinding,
  namespace: string | undefined,
): V1PolicyRule[] {
  const { kind, name } = binding.roleRef;
  const role =
    kind === 'Role'
      ? sources.cache.store('roles').get(name, namespace)
      : sources.cache.store('clusterroles').get(name);
  return role?.rules ?? [];
}

function bindingGrants(
  sources: ClusterPermissionSources,
  binding: V1RoleBinding | V1ClusterRoleBinding,
  namespace: string | undefined,
  request: PermissionRequest,
  directory: PrincipalDirectory,
): AllowingGrant[] {
  const { kind, name } = binding.roleRef;
  const rules = bindingRules(sources, binding, namespace);
  if (!rules.some(rule => ruleAllows(rule, request))) return [];
  const source = namespace === undefined ? 'ClusterRoleBinding' : 'RoleBinding';
  const bindingId =
    namespace === undefined
      ? binding.metadata!.name!
      : `${namespace}/${binding.metadata!.name}`;
  const level = grantLevelOf({ rules });
  const where =
    namespace === undefined
      ? `ClusterRoleBinding ${binding.metadata!.name}`
      : `RoleBinding ${namespace}/${binding.metadata!.name}`;
  const bootstrap =
    binding.metadata?.labels?.[BOOTSTRAP_LABEL] === 'rbac-defaults';
  return (binding.subjects ?? []).flatMap((s: RbacV1Subject) => {
    const subject = subjectOf(s, namespace);
    if (!subject) return [];
    const principal: ViewPrincipal =
      subject.kind === 'ServiceAccount'
        ? {
            kind: 'ServiceAccount',
            id: `system:serviceaccount:${subject.namespace}:${subject.name}`,
          }
        : resolvePrincipal(directory, subject.kind, subject.name);
    return [
      {
        subject,
        where,
        ...(bootstrap ? { bootstrap: true as const } : {}),
        grant: {
          id: encodeGrantId({
            cluster: sources.cluster.name,
            source,
            id: bindingId,
            subject: `${s.kind}:${s.name}`,
          }),
          principal,
          level,
          role: `${kind}/${name}`,
          source,
          scope: namespace === undefined ? 'cluster' : 'namespace',
          managed: isManaged(binding.metadata?.labels),
        },
      },
    ];
  });
}

/**
 * The Azure scopes whose assignments AKS's webhook honours in `namespace`,
 * how the view names them, and how a sentence does (people read the role and
 * the place, not the assignment's GUID and ARM path).
 */
function azureScopes(
  cluster: ClusterPermissionSources['cluster'],
  namespace: string,
) {
  const { subscriptionId, resourceGroup } = cluster.config;
  return [
    ...(['namespaces', 'managedNamespaces'] as const).map(form => ({
      scope: aksNamespaceScope(cluster.armId, namespace, form),
      kind: 'namespace' as const,
      label: `namespace ${namespace} of ${cluster.name}`,
    })),
    {
      scope: cluster.armId,
      kind: 'cluster' as const,
      label: `the whole cluster ${cluster.name}`,
    },
    {
      scope: formatArmId({ subscriptionId, resourceGroup, providers: [] }),
      kind: 'inherited' as const,
      label: `resource group ${resourceGroup}, above ${cluster.name}`,
    },
    {
      scope: formatArmId({ subscriptionId, providers: [] }),
      kind: 'inherited' as const,
      label: `subscription ${subscriptionId.slice(0, 8)}…, above ${
        cluster.name
      }`,
    },
  ];
}

function azureKind(type?: string): 'User' | 'Group' | 'ServicePrincipal' {
  return type === 'User' || type === 'ServicePrincipal' ? type : 'Group';
}

function azureGrantsAllowing(
  sources: ClusterPermissionSources,
  namespace: string,
  request: PermissionRequest,
  directory: PrincipalDirectory,
): AllowingGrant[] {
  const action = aksDataAction(request);
  const found: AllowingGrant[] = [];
  for (const { scope, kind, label } of azureScopes(
    sources.cluster,
    namespace,
  )) {
    for (const a of sources.azure.assignmentsAt(scope)) {
      const role =
        sources.azure.roleDefinition(a.roleDefinitionGuid) ??
        findBuiltinRole(a.roleDefinitionGuid);
      if (!role || !dataActionsAllow(role, action)) continue;
      found.push({
        where: `the Azure role assignment of ${role.roleName} at ${label}`,
        subject: {
          kind: 'Azure',
          objectId: a.principalId.toLowerCase(),
          principalType: a.principalType,
        },
        grant: {
          id: encodeGrantId({
            cluster: sources.cluster.name,
            source: 'AzureRoleAssignment',
            id: a.id,
          }),
          principal: resolvePrincipal(
            directory,
            azureKind(a.principalType),
            a.principalId,
          ),
          level: grantLevelOf({
            guid: a.roleDefinitionGuid,
            dataActions: role.dataActions,
            notDataActions: role.notDataActions,
          }),
          role: role.roleName,
          source: 'AzureRoleAssignment',
          scope: kind === 'namespace' ? 'namespace' : 'cluster',
          managed: false,
          ...(kind === 'inherited' ? { inheritedFrom: a.scope } : {}),
        },
      });
    }
  }
  return found;
}

/**
 * Does a grant of the access view allow anything at all inside the cluster,
 * read from the objects the engine reads: a binding whose Role or
 * ClusterRole has a rule on some resource, or (on a cluster with Azure RBAC)
 * an assignment of a role with AKS data actions. A grant at no level may
 * allow nothing: a binding to a Role that does not exist, or the Cluster
 * User Role, which only hands out a kubeconfig.
 */
export function grantAllowsAnything(
  sources: ClusterPermissionSources,
  grant: Pick<Grant, 'id'>,
): boolean {
  let claim: GrantClaim;
  try {
    claim = parseGrantClaim(grant.id);
  } catch {
    return false;
  }
  const onResources = (rules: V1PolicyRule[]) =>
    rules.some(r => !!r.verbs?.length && !!r.resources?.length);
  switch (claim.source) {
    case 'RoleBinding': {
      const binding = sources.cache
        .store('rolebindings')
        .get(claim.name, claim.namespace);
      return (
        !!binding &&
        onResources(bindingRules(sources, binding, claim.namespace))
      );
    }
    case 'ClusterRoleBinding': {
      const binding = sources.cache
        .store('clusterrolebindings')
        .get(claim.name);
      return (
        !!binding && onResources(bindingRules(sources, binding, undefined))
      );
    }
    case 'AzureRoleAssignment': {
      if (!sources.cluster.record?.properties.aadProfile?.enableAzureRBAC)
        return false;
      const { id, scope } = claim.assignment;
      const assignment = sources.azure
        .assignmentsAt(scope.id)
        .find(a => a.id.toLowerCase() === id.id.toLowerCase());
      const role =
        assignment &&
        (sources.azure.roleDefinition(assignment.roleDefinitionGuid) ??
          findBuiltinRole(assignment.roleDefinitionGuid));
      return !!role && hasAksDataActions(role);
    }
    default:
      // The cluster's Entra admin group: cluster-admin.
      return true;
  }
}

/** The grants through which some identity may make the request cluster-wide. */
export function clusterWideGrantsAllowing(
  sources: ClusterPermissionSources,
  request: PermissionRequest,
  directory: PrincipalDirectory,
): AllowingGrant[] {
  const found: AllowingGrant[] = [];
  const properties = sources.cluster.record?.properties;
  // The local admin credential is in system:masters, which RBAC never asks about.
  if (properties && !properties.disableLocalAccounts) {
    found.push({
      where: 'the local admin account (disableLocalAccounts is false)',
      subject: { kind: 'LocalAccount' },
      grant: {
        id: encodeGrantId({
          cluster: sources.cluster.name,
          source: 'ClusterRoleBinding',
          id: 'system:masters',
        }),
        principal: {
          kind: 'User',
          id: 'clusterAdmin',
          displayName:
            'the local admin account (az aks get-credentials --admin)',
        },
        level: 'cluster-admin',
        role: 'system:masters',
        source: 'ClusterRoleBinding',
        scope: 'cluster',
        managed: false,
      },
    });
  }
  for (const binding of sources.cache.store('clusterrolebindings').list())
    found.push(
      ...bindingGrants(sources, binding, undefined, request, directory),
    );
  return found;
}

/**
 * The grants through which some identity may make the request in the
 * namespace, besides the cluster-wide ones: the namespace's RoleBindings
 * and, on clusters with Azure RBAC, role assignments at the namespace, the
 * cluster or above it. The authorizer allows a request exactly when one of
 * these, or of `clusterWideGrantsAllowing`, reaches its identity.
 */
export function namespaceGrantsAllowing(
  sources: ClusterPermissionSources,
  namespace: string,
  request: PermissionRequest,
  directory: PrincipalDirectory,
): AllowingGrant[] {
  const found: AllowingGrant[] = [];
  for (const binding of sources.cache.store('rolebindings').list(namespace))
    found.push(
      ...bindingGrants(sources, binding, namespace, request, directory),
    );
  if (sources.cluster.record?.properties.aadProfile?.enableAzureRBAC)
    found.push(...azureGrantsAllowing(sources, namespace, request, directory));
  return found;
}
