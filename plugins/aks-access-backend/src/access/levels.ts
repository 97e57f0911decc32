import type { V1PolicyRule } from '@kubernetes/client-node';

/*
 * Access levels are computed by grantLevelOf in
 * @aks-access/plugin-aks-access-common, the one place for them; this file
 * keeps what only the backend's findings need.
 */

/** A rule with a '*' grows with every new verb, resource or API group. */
export function isWildcardRule(rule: V1PolicyRule): boolean {
  return [rule.verbs, rule.resources, rule.apiGroups].some(v =>
    v?.includes('*'),
  );
}
