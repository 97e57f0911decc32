import type {
  RbacV1Subject,
  V1ClusterRoleBinding,
  V1PolicyRule,
  V1RoleBinding,
} from '@kubernetes/client-node';
import {
  encodeGrantId,
  EXPIRES_AT_ANNOTATION,
  Finding,
  Grant,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  grantLevelOf,
} from '@aks-access/plugin-aks-access-common';
import type { ClusterCache } from '../kubernetes/ClusterCache';
import { roleBindingDrift } from '../findings/drift';
import { overBroad } from '../findings/overBroad';
import { isWildcardRule } from '../access/levels';
import { resolvePrincipal, ViewPrincipal } from '../people/principals';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';

/** Kubernetes' own default bindings (discovery, controllers, system:masters): the same on every cluster, not anyone's access. */
const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';

const BROAD_GROUPS = [
  'system:authenticated',
  'system:unauthenticated',
  'system:serviceaccounts',
];

export interface GrantsAndFindings {
  grants: Array<Grant & { principal: ViewPrincipal }>;
  findings: Finding[];
}

function rulesOf(
  cache: ClusterCache,
  binding: V1RoleBinding | V1ClusterRoleBinding,
): V1PolicyRule[] | undefined {
  const { kind, name } = binding.roleRef;
  const role =
    kind === 'Role'
      ? cache.store('roles').get(name, binding.metadata?.namespace)
      : cache.store('clusterroles').get(name);
  return role?.rules;
}

function principalOf(
  subject: RbacV1Subject,
  directory: PrincipalDirectory,
): ViewPrincipal {
  if (subject.kind === 'ServiceAccount') {
    return {
      kind: 'ServiceAccount',
      id: `system:serviceaccount:${subject.namespace}:${subject.name}`,
    };
  }
  return resolvePrincipal(
    directory,
    subject.kind === 'User' ? 'User' : 'Group',
    subject.name,
  );
}

const isManaged = (labels?: Record<string, string>) =>
  labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;

/**
 * The RoleBindings of `namespace`, or — with `namespace` undefined — the
 * cluster's ClusterRoleBindings, which reach every namespace and so are
 * listed once per cluster; with their findings.
 */
export function kubernetesGrants(
  cluster: string,
  namespace: string | undefined,
  cache: ClusterCache,
  directory: PrincipalDirectory,
  adminGroups: Set<string>,
  /** The backend's own identity: its ClusterRole (docs/production.md §3) is how it works, not anyone's access. */
  backendObjectId?: string,
): GrantsAndFindings {
  const result: GrantsAndFindings = { grants: [], findings: [] };
  const bindings: Array<
    [V1RoleBinding | V1ClusterRoleBinding, 'RoleBinding' | 'ClusterRoleBinding']
  > =
    namespace === undefined
      ? cache
          .store('clusterrolebindings')
          .list()
          .map(
            b =>
              [b, 'ClusterRoleBinding'] as [
                V1ClusterRoleBinding,
                'ClusterRoleBinding',
              ],
          )
      : cache
          .store('rolebindings')
          .list(namespace)
          .map(b => [b, 'RoleBinding'] as [V1RoleBinding, 'RoleBinding']);
  for (const [binding, source] of bindings) {
    if (binding.metadata?.labels?.[BOOTSTRAP_LABEL] === 'rbac-defaults')
      continue;
    const rules = rulesOf(cache, binding);
    const level = rules ? grantLevelOf({ rules }) : 'custom';
    const managed = isManaged(binding.metadata?.labels);
    const name = binding.metadata!.name!;
    const created = binding.metadata?.creationTimestamp;
    const expiry =
      managed && binding.metadata?.annotations?.[EXPIRES_AT_ANNOTATION];
    const scope = source === 'RoleBinding' ? 'namespace' : 'cluster';
    const bindingId = source === 'RoleBinding' ? `${namespace}/${name}` : name;
    const subjects = (binding.subjects ?? []).filter(
      s => !(s.kind === 'User' && s.name.toLowerCase() === backendObjectId),
    );
    for (const subject of subjects) {
      result.grants.push({
        id: encodeGrantId({
          cluster,
          source,
          id: bindingId,
          subject: `${subject.kind}:${subject.name}`,
        }),
        principal: principalOf(subject, directory),
        level,
        role: `${binding.roleRef.kind}/${binding.roleRef.name}`,
        source,
        scope,
        managed,
        ...(created ? { createdAt: new Date(created).toISOString() } : {}),
        ...(expiry ? { expiresAt: expiry } : {}),
      });
    }
    const where =
      source === 'RoleBinding'
        ? `RoleBinding ${namespace}/${name}`
        : `ClusterRoleBinding ${name}`;
    const declaredAdmins = subjects.every(
      s => s.kind === 'Group' && adminGroups.has(s.name.toLowerCase()),
    );
    if (level === 'cluster-admin' && !declaredAdmins) {
      result.findings.push(
        overBroad(
          cluster,
          scope === 'namespace' ? namespace : undefined,
          `${where}:cluster-admin`,
          `${where} grants cluster-admin`,
          `${where} on ${cluster} gives ${subjects
            .map(s => `${s.kind} ${s.name}`)
            .join(', ')} unrestricted access${
            scope === 'cluster' ? ' to every namespace' : ''
          }.`,
          `Replace it with a namespace-scoped grant of the level the team needs (read, write or admin) from Backstage, then delete it.`,
        ),
      );
    } else if (rules?.some(isWildcardRule) && level !== 'cluster-admin') {
      result.findings.push(
        overBroad(
          cluster,
          scope === 'namespace' ? namespace : undefined,
          `${where}:wildcard`,
          `${where} uses a wildcard rule`,
          `${where} on ${cluster} binds ${binding.roleRef.kind} ${binding.roleRef.name}, which has a '*' in its verbs, resources or API groups, so it grows with every new resource type.`,
          `List the verbs and resources the team needs in ${binding.roleRef.kind} ${binding.roleRef.name}.`,
        ),
      );
    }
    const broad = subjects.filter(
      s => s.kind === 'Group' && BROAD_GROUPS.includes(s.name),
    );
    if (source === 'ClusterRoleBinding' && broad.length) {
      result.findings.push(
        overBroad(
          cluster,
          undefined,
          `${where}:${broad[0].name}`,
          `${where} grants ${binding.roleRef.name} to ${broad
            .map(s => s.name)
            .join(', ')}`,
          `Every identity that can authenticate to ${cluster} — including every ServiceAccount — gets ${binding.roleRef.kind} ${binding.roleRef.name} in all namespaces through ${where}.`,
          `Bind the role to the groups that need it instead of ${broad
            .map(s => s.name)
            .join(', ')}.`,
        ),
      );
    }
    if (managed && source === 'RoleBinding') {
      const drift = roleBindingDrift(cluster, binding as V1RoleBinding);
      if (drift) result.findings.push(drift);
    }
  }
  return result;
}
