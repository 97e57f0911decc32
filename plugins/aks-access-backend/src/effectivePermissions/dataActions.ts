import type { PermissionRequest } from '@aks-access/plugin-aks-access-common';

/*
 * The data action AKS's authorization webhook (Azure/guard) checks for a
 * Kubernetes request on clusters with Azure RBAC (docs/design.md, "Who can
 * do what"): Microsoft.ContainerService/managedClusters/[<group>/]<resource>/<action>,
 * the action `read`, `write` or `delete` by verb, `<verb>/action` for bind,
 * escalate, use and impersonate, and nothing for any other verb. Only
 * pods/exec is an action of its own; every other subresource is checked as
 * its resource (`kubectl logs` needs pods/read, attach and port-forward pods/write).
 */

const PREFIX = 'Microsoft.ContainerService/managedClusters/';
const BY_VERB: Record<string, string> = {
  get: 'read',
  list: 'read',
  watch: 'read',
  create: 'write',
  update: 'write',
  patch: 'write',
  delete: 'delete',
  deletecollection: 'delete',
  bind: 'bind/action',
  escalate: 'escalate/action',
  use: 'use/action',
  impersonate: 'impersonate/action',
  '*': '*',
};

export function aksDataAction(request: PermissionRequest): string {
  const group = request.apiGroup ? `${request.apiGroup}/` : '';
  if (request.resource === 'pods' && request.subresource === 'exec')
    return `${PREFIX}${group}pods/exec/action`;
  const action = BY_VERB[request.verb];
  return `${PREFIX}${group}${request.resource}${action ? `/${action}` : ''}`;
}

const compiled = new Map<string, RegExp>();

/** Azure RBAC's comparison: case-insensitive, `*` any run of characters, slashes included. */
function actionPattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    const source = pattern
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${source}$`, 'i');
    compiled.set(pattern, regex);
  }
  return regex;
}

/** True when the role's dataActions allow the action and its notDataActions do not take it back. */
export function dataActionsAllow(
  role: { dataActions: readonly string[]; notDataActions: readonly string[] },
  action: string,
): boolean {
  return (
    role.dataActions.some(p => actionPattern(p).test(action)) &&
    !role.notDataActions.some(p => actionPattern(p).test(action))
  );
}
