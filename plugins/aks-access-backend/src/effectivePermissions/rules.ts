import type { V1PolicyRule } from '@kubernetes/client-node';
import type { PermissionRequest } from '@aks-access/plugin-aks-access-common';

/*
 * Kubernetes RBAC's rule matching, as plugin/pkg/auth/authorizer/rbac's
 * RuleAllows does it: exact strings and the `*` wildcard (no prefixes), a
 * subresource only through `resource/sub` or `*\/sub`, and resourceNames
 * allowing only requests that name one of them.
 */

const has = (values: readonly string[] | undefined, value: string) =>
  !!values && (values.includes('*') || values.includes(value));

function resourceMatches(rule: V1PolicyRule, request: PermissionRequest) {
  const combined = request.subresource
    ? `${request.resource}/${request.subresource}`
    : request.resource;
  return (rule.resources ?? []).some(
    r =>
      r === '*' ||
      r === combined ||
      (!!request.subresource && r === `*/${request.subresource}`),
  );
}

export function ruleAllows(
  rule: V1PolicyRule,
  request: PermissionRequest,
): boolean {
  return (
    has(rule.verbs, request.verb) &&
    has(rule.apiGroups, request.apiGroup) &&
    resourceMatches(rule, request) &&
    (!rule.resourceNames?.length ||
      (!!request.name && rule.resourceNames.includes(request.name)))
  );
}
