import type { V1PolicyRule } from '@kubernetes/client-node';
import type { GrantLevel } from '@aks-access/plugin-aks-access-common';
import type { RoleDefinitionRecord } from '../azure/AzureSnapshot';

/** Can the role do `verb` on `group/resource`? */
type Can = (verb: string, group: string, resource: string) => boolean;

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];
/** What `view`/`edit` cover and every team needs; a role is judged by these, not by its name. */
const WORKLOADS: Array<[string, string]> = [
  ['', 'pods'],
  ['', 'services'],
  ['', 'configmaps'],
  ['apps', 'deployments'],
];
const RBAC_OBJECTS: Array<[string, string]> = [
  ['rbac.authorization.k8s.io', 'roles'],
  ['rbac.authorization.k8s.io', 'rolebindings'],
];
const SENSITIVE: Array<[string, string]> = [
  ...WORKLOADS,
  ['', 'secrets'],
  ...RBAC_OBJECTS,
];

const all = (can: Can, verbs: string[], targets: Array<[string, string]>) =>
  targets.every(([g, r]) => verbs.every(v => can(v, g, r)));
const any = (can: Can, verbs: string[], targets: Array<[string, string]>) =>
  targets.some(([g, r]) => verbs.some(v => can(v, g, r)));

/**
 * view/edit/admin-equivalence: read = reads workloads and writes nothing;
 * write = writes workloads but not RBAC; admin = also writes Roles and
 * RoleBindings; cluster-admin = everything, unrestricted. Anything else is
 * custom.
 */
function classify(can: Can, unrestricted: boolean): GrantLevel {
  if (unrestricted) return 'cluster-admin';
  if (all(can, WRITE, WORKLOADS)) {
    return all(can, WRITE, RBAC_OBJECTS) ? 'admin' : 'write';
  }
  if (all(can, READ, WORKLOADS) && !any(can, WRITE, SENSITIVE)) return 'read';
  return 'custom';
}

const matches = (values: string[] | undefined, value: string) =>
  !!values && (values.includes('*') || values.includes(value));

export function isWildcardRule(rule: V1PolicyRule): boolean {
  return [rule.verbs, rule.resources, rule.apiGroups].some(v =>
    v?.includes('*'),
  );
}

export function levelOfRules(rules: V1PolicyRule[]): GrantLevel {
  const can: Can = (verb, group, resource) =>
    rules.some(
      r =>
        matches(r.verbs, verb) &&
        matches(r.apiGroups, group) &&
        matches(r.resources, resource),
    );
  const unrestricted = rules.some(
    r =>
      r.verbs.includes('*') &&
      !!r.apiGroups?.includes('*') &&
      !!r.resources?.includes('*'),
  );
  return classify(can, unrestricted);
}

const AKS_DATA = 'Microsoft.ContainerService/managedClusters/';
const AZURE_VERB: Record<string, string> = {
  get: 'read',
  list: 'read',
  watch: 'read',
  create: 'write',
  update: 'write',
  patch: 'write',
  delete: 'delete',
};

function wildcard(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map(p => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
}

/** An Azure role's data actions, read the way AKS's authorization webhook maps requests onto them. */
export function levelOfAzureRole(role: RoleDefinitionRecord): GrantLevel {
  const allowed = role.dataActions.map(wildcard);
  const denied = role.notDataActions.map(wildcard);
  const can: Can = (verb, group, resource) => {
    const action = `${AKS_DATA}${group ? `${group}/` : ''}${resource}/${
      AZURE_VERB[verb]
    }`;
    return (
      allowed.some(a => a.test(action)) && !denied.some(d => d.test(action))
    );
  };
  const unrestricted =
    role.dataActions.some(a => a === `${AKS_DATA}*`) &&
    role.notDataActions.length === 0;
  return classify(can, unrestricted);
}

/** Has AKS data actions, so it means something inside the cluster on azure-rbac clusters. */
export function hasAksDataActions(role: RoleDefinitionRecord): boolean {
  return role.dataActions.some(
    a => a.toLowerCase().startsWith(AKS_DATA.toLowerCase()) || a === '*',
  );
}
