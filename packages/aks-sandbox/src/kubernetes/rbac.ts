import type { KubeObject } from '../state/types';
import type { ClusterObjects } from './clusterObjects';
import { matchesLabelSelector } from './selectors';

/* Kubernetes RBAC as plugin/pkg/auth/authorizer/rbac evaluates it. */

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  namespace?: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  /** non-resource requests */
  path?: string;
}

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const ROLES = `${RBAC_GROUP}/roles`;
export const ROLE_BINDINGS = `${RBAC_GROUP}/rolebindings`;
export const CLUSTER_ROLES = `${RBAC_GROUP}/clusterroles`;
export const CLUSTER_ROLE_BINDINGS = `${RBAC_GROUP}/clusterrolebindings`;

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

function appliesTo(
  subject: Subject,
  user: UserInfo,
  bindingNamespace: string,
): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.username;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount':
      return (
        user.username ===
        `system:serviceaccount:${subject.namespace || bindingNamespace}:${
          subject.name
        }`
      );
    default:
      return false;
  }
}

function has(list: string[] | undefined, value: string): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

function resourceMatches(
  rule: PolicyRule,
  resource: string,
  subresource?: string,
): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some(
    r =>
      r === '*' ||
      r === combined ||
      (!!subresource && r === `*/${subresource}`),
  );
}

function nonResourceMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    u =>
      u === '*' ||
      u === path ||
      (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
  );
}

export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) return nonResourceMatches(rule, a.path ?? '');
  return (
    has(rule.apiGroups, a.apiGroup ?? '') &&
    resourceMatches(rule, a.resource ?? '', a.subresource) &&
    (!rule.resourceNames?.length ||
      (!!a.name && rule.resourceNames.includes(a.name)))
  );
}

function roleRules(
  objects: ClusterObjects,
  binding: KubeObject,
  namespace: string,
): PolicyRule[] {
  const ref = binding.roleRef as { kind: string; name: string };
  const role =
    ref.kind === 'ClusterRole'
      ? objects.get(CLUSTER_ROLES, undefined, ref.name)
      : objects.get(ROLES, namespace, ref.name);
  return (role?.rules as PolicyRule[] | undefined) ?? [];
}

/**
 * Every rule that applies to the user in the namespace (cluster-wide rules
 * from ClusterRoleBindings plus the namespace's RoleBindings).
 */
export function* applicableRules(
  objects: ClusterObjects,
  user: UserInfo,
  namespace?: string,
): Iterable<PolicyRule> {
  for (const binding of objects.all(CLUSTER_ROLE_BINDINGS)) {
    const subjects = (binding.subjects as Subject[] | undefined) ?? [];
    if (subjects.some(s => appliesTo(s, user, '')))
      yield* roleRules(objects, binding, '');
  }
  if (!namespace) return;
  for (const binding of objects.all(ROLE_BINDINGS, namespace)) {
    const subjects = (binding.subjects as Subject[] | undefined) ?? [];
    if (subjects.some(s => appliesTo(s, user, namespace)))
      yield* roleRules(objects, binding, namespace);
  }
}

export function rbacAllows(
  objects: ClusterObjects,
  a: RequestAttributes,
): boolean {
  for (const rule of applicableRules(
    objects,
    a.user,
    a.resourceRequest ? a.namespace : undefined,
  )) {
    if (ruleAllows(rule, a)) return true;
  }
  return false;
}

/**
 * The rules of `requested` that `owner` does not cover, after breaking each
 * into single verb/group/resource/name tuples — the check behind "is
 * attempting to grant RBAC permissions not currently held".
 */
export function uncoveredRules(
  owner: PolicyRule[],
  requested: PolicyRule[],
): PolicyRule[] {
  const missing: PolicyRule[] = [];
  for (const rule of requested) {
    for (const atom of breakdown(rule)) {
      if (!owner.some(o => covers(o, atom))) missing.push(atom);
    }
  }
  return missing;
}

function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const verb of rule.verbs) {
    for (const url of rule.nonResourceURLs ?? [])
      out.push({ verbs: [verb], nonResourceURLs: [url] });
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        const names = rule.resourceNames?.length
          ? rule.resourceNames
          : [undefined];
        for (const name of names) {
          out.push({
            verbs: [verb],
            apiGroups: [group],
            resources: [resource],
            ...(name ? { resourceNames: [name] } : {}),
          });
        }
      }
    }
  }
  return out;
}

function covers(owner: PolicyRule, atom: PolicyRule): boolean {
  if (!has(owner.verbs, atom.verbs[0])) return false;
  if (atom.nonResourceURLs)
    return nonResourceMatches(owner, atom.nonResourceURLs[0]);
  const [resource, subresource] = splitResource(atom.resources![0]);
  return (
    has(owner.apiGroups, atom.apiGroups![0]) &&
    (owner.resources ?? []).some(
      r =>
        r === '*' ||
        r === atom.resources![0] ||
        (!!subresource && resource !== '*' && r === `*/${subresource}`),
    ) &&
    (!owner.resourceNames?.length ||
      (!!atom.resourceNames &&
        owner.resourceNames.includes(atom.resourceNames[0])))
  );
}

function splitResource(r: string): [string, string | undefined] {
  const i = r.indexOf('/');
  return i < 0 ? [r, undefined] : [r.slice(0, i), r.slice(i + 1)];
}

export function formatRule(rule: PolicyRule): string {
  const q = (xs?: string[]) => `[${(xs ?? []).map(x => `"${x}"`).join(' ')}]`;
  if (rule.nonResourceURLs)
    return `{NonResourceURLs:${q(rule.nonResourceURLs)}, Verbs:${q(
      rule.verbs,
    )}}`;
  return `{APIGroups:${q(rule.apiGroups)}, Resources:${q(rule.resources)}${
    rule.resourceNames ? `, ResourceNames:${q(rule.resourceNames)}` : ''
  }, Verbs:${q(rule.verbs)}}`;
}

/**
 * The aggregation controller: a ClusterRole with an aggregationRule gets the
 * union of the rules of every ClusterRole its selectors match. Returns the
 * roles whose rules changed.
 */
export function aggregateClusterRoles(
  clusterRoles: Iterable<KubeObject>,
): KubeObject[] {
  const changed: KubeObject[] = [];
  const roles = [...clusterRoles].sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
  for (const role of roles) {
    const aggregation = role.aggregationRule as
      | { clusterRoleSelectors?: Parameters<typeof matchesLabelSelector>[1][] }
      | undefined;
    if (!aggregation) continue;
    const rules: PolicyRule[] = [];
    const seen = new Set<string>();
    for (const selector of aggregation.clusterRoleSelectors ?? []) {
      for (const other of roles) {
        if (
          other === role ||
          !matchesLabelSelector(other.metadata.labels, selector)
        )
          continue;
        for (const rule of (other.rules as PolicyRule[] | undefined) ?? []) {
          const key = JSON.stringify(rule);
          if (!seen.has(key)) {
            seen.add(key);
            rules.push(rule);
          }
        }
      }
    }
    if (JSON.stringify(rules) !== JSON.stringify(role.rules ?? []))
      changed.push({ ...role, rules });
  }
  return changed;
}
