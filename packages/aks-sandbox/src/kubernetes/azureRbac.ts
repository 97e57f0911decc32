import { roleAllows } from '../arm/builtinRoles';
import { roleDefinitionByGuid } from '../arm/roleDefinitions';
import type { ManagedClusterRecord, SandboxState } from '../state/types';
import type { RequestAttributes } from './rbac';
import { transitiveGroupsOf } from '../entra/directory';

/*
 * What AKS's authorization webhook decides on clusters with Azure RBAC: the
 * request becomes a data action
 *   Microsoft.ContainerService/managedClusters/<group/>?<resource>/<read|write|delete|verb/action>
 * allowed when a role assignment for the caller (or one of its groups), at the
 * cluster, at `<cluster>/namespaces/<ns>` or `<cluster>/managedNamespaces/<ns>`
 * (the managed namespace's ARM id, where the managed-namespaces how-to assigns
 * the RBAC roles), or at any scope above the cluster,
 * names a role whose dataActions match it and whose notDataActions do not.
 */

/*
 * Azure/guard's getActionName and getResourceAndAction
 * (authz/providers/azure/rbac/checkaccessreqhelper.go): reads, writes and
 * deletes by verb; bind, escalate, use and impersonate as `<verb>/action`;
 * any other verb adds nothing. Of the subresources only pods/exec is an
 * action of its own: `kubectl logs` is `pods/read` and `kubectl attach` or
 * `port-forward` `pods/write`, as on AKS.
 */
function dataActionVerb(verb: string): string {
  switch (verb) {
    case 'get':
    case 'list':
    case 'watch':
      return 'read';
    case 'create':
    case 'update':
    case 'patch':
      return 'write';
    case 'delete':
    case 'deletecollection':
      return 'delete';
    case 'bind':
    case 'escalate':
    case 'use':
    case 'impersonate':
      return `${verb}/action`;
    case '*':
      return '*';
    default:
      return '';
  }
}

export function dataActionFor(a: RequestAttributes): string | undefined {
  if (!a.resourceRequest || !a.resource) return undefined;
  const group = a.apiGroup ? `${a.apiGroup}/` : '';
  const verb = dataActionVerb(a.verb);
  let action = verb ? `${a.resource}/${verb}` : a.resource;
  if (a.resource === 'pods' && a.subresource === 'exec') {
    action = 'pods/exec/action';
  }
  return `Microsoft.ContainerService/managedClusters/${group}${action}`;
}

function assignmentAllows(
  state: SandboxState,
  roleDefinitionId: string,
  action: string,
): boolean {
  const found = roleDefinitionByGuid(state, roleDefinitionId.split('/').pop()!);
  return !!found && roleAllows(found.role, action, 'data');
}

function scopeApplies(
  scope: string,
  cluster: ManagedClusterRecord,
  namespace: string | undefined,
): boolean {
  const s = scope.toLowerCase().replace(/\/+$/, '');
  const clusterId = cluster.id.toLowerCase();
  // A managedNamespaces scope counts whether or not the namespace is managed
  // (still or yet): the sandbox's choice, as the webhook's rule is undocumented.
  if (
    namespace !== undefined &&
    (s === `${clusterId}/namespaces/${namespace.toLowerCase()}` ||
      s === `${clusterId}/managednamespaces/${namespace.toLowerCase()}`)
  )
    return true;
  return s === '' || clusterId === s || clusterId.startsWith(`${s}/`);
}

/* Impersonated users (kubectl --as) carry no oid; AKS's webhook then goes by
 * the user name, which for Entra users is the UPN. */
function principalOid(
  state: SandboxState,
  user: RequestAttributes['user'],
): string | undefined {
  return (
    user.extra?.oid?.[0] ??
    state.directory.users.find(
      u => u.userPrincipalName.toLowerCase() === user.username.toLowerCase(),
    )?.objectId ??
    (/^[0-9a-f-]{36}$/i.test(user.username) ? user.username : undefined)
  );
}

export function azureRbacAllows(
  state: SandboxState,
  cluster: ManagedClusterRecord,
  a: RequestAttributes,
): boolean {
  const oid = principalOid(state, a.user);
  const action = dataActionFor(a);
  if (!oid || !action) return false;
  // The webhook expands the principal's groups itself, nested ones included,
  // as ARM's assignedTo() does: a review that sends only extra.oid still counts them.
  const principals = new Set(
    [oid, ...a.user.groups, ...transitiveGroupsOf(state, oid)].map(id =>
      id.toLowerCase(),
    ),
  );
  for (const assignment of Object.values(state.roleAssignments)) {
    if (!principals.has(assignment.principalId.toLowerCase())) continue;
    if (!scopeApplies(assignment.scope, cluster, a.namespace)) continue;
    if (assignmentAllows(state, assignment.roleDefinitionId, action))
      return true;
  }
  return false;
}
