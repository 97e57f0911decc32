import type { SandboxContext } from '../context';
import { azureRbacAllows } from './azureRbac';
import type { ClusterObjects } from './clusterObjects';
import { KubeError } from './errors';
import { rbacAllows, RequestAttributes } from './rbac';
import { qualifiedResource } from './resources';

export interface Decision {
  allowed: boolean;
  reason: string;
}

export type Authorizer = (a: RequestAttributes) => Decision;

/**
 * The cluster's authorizer chain: system:masters, then RBAC, then — on
 * clusters with Azure RBAC — Azure role assignments, as AKS's webhook does.
 */
export function createAuthorizer(
  ctx: SandboxContext,
  clusterName: string,
  objects: ClusterObjects,
): Authorizer {
  return a => {
    if (a.user.groups.includes('system:masters'))
      return { allowed: true, reason: '' };
    if (rbacAllows(objects, a))
      return {
        allowed: true,
        reason: 'RBAC: allowed by a RoleBinding or ClusterRoleBinding',
      };
    const record = ctx.store.state.clusters[clusterName].record;
    if (
      record.aadProfile?.enableAzureRBAC &&
      azureRbacAllows(ctx.store.state, record, a)
    ) {
      return {
        allowed: true,
        reason: 'Access granted by Azure RBAC role assignment',
      };
    }
    return { allowed: false, reason: '' };
  };
}

export function forbidden(a: RequestAttributes, azureRbac: boolean): KubeError {
  const who = `User "${a.user.username}"`;
  const suffix = azureRbac
    ? ': User does not have access to the resource in Azure. Update role assignment to allow access.'
    : '';
  if (!a.resourceRequest) {
    return new KubeError(
      403,
      'Forbidden',
      `forbidden: ${who} cannot ${a.verb} path "${a.path}"${suffix}`,
      {},
    );
  }
  const resource = a.subresource
    ? `${a.resource}/${a.subresource}`
    : a.resource!;
  const qualified = qualifiedResource({
    group: a.apiGroup ?? '',
    resource: a.resource!,
  });
  const target = a.name ? `${qualified} "${a.name}"` : qualified;
  const where = a.namespace
    ? `in the namespace "${a.namespace}"`
    : 'at the cluster scope';
  return new KubeError(
    403,
    'Forbidden',
    `${target} is forbidden: ${who} cannot ${
      a.verb
    } resource "${resource}" in API group "${
      a.apiGroup ?? ''
    }" ${where}${suffix}`,
    { name: a.name, group: a.apiGroup || undefined, kind: a.resource },
  );
}
