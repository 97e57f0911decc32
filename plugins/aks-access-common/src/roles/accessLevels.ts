import {
  AKS_BUILTIN_ROLES,
  BuiltinRole,
  roleDefinitionGuid,
} from './builtinRoles';

/** What self-service may grant, least to most privileged. */
export const ACCESS_LEVELS = ['read', 'write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * The level of an existing grant as the access view reports it; grants made
 * outside aks-access may be cluster-admin or use roles that map to no level.
 */
export type GrantLevel = AccessLevel | 'cluster-admin' | 'custom';

/** The Kubernetes ClusterRoles the access levels bind to. */
export type LevelClusterRole = 'view' | 'edit' | 'admin';

export interface AccessLevelMapping {
  level: AccessLevel;
  /** On kubernetes-rbac clusters: a RoleBinding in the namespace onto this ClusterRole. */
  clusterRole: LevelClusterRole;
  /** On azure-rbac clusters: a role assignment of this role at namespace scope. */
  azureRole: BuiltinRole;
}

export const ACCESS_LEVEL_MAPPINGS: Readonly<
  Record<AccessLevel, AccessLevelMapping>
> = {
  read: {
    level: 'read',
    clusterRole: 'view',
    azureRole: AKS_BUILTIN_ROLES.rbacReader,
  },
  write: {
    level: 'write',
    clusterRole: 'edit',
    azureRole: AKS_BUILTIN_ROLES.rbacWriter,
  },
  admin: {
    level: 'admin',
    clusterRole: 'admin',
    azureRole: AKS_BUILTIN_ROLES.rbacAdmin,
  },
};

export function isAccessLevel(value: unknown): value is AccessLevel {
  return (ACCESS_LEVELS as readonly unknown[]).includes(value);
}

/** A Kubernetes RBAC rule, as a Role or ClusterRole carries it. */
export interface KubernetesPolicyRule {
  verbs: readonly string[];
  apiGroups?: readonly string[];
  resources?: readonly string[];
}

/** A Kubernetes Role or ClusterRole, judged by its rules. */
export interface KubernetesRoleRules {
  rules: readonly KubernetesPolicyRule[];
}

/** An Azure role definition, judged by its Kubernetes data actions. */
export interface AzureRoleDataActions {
  /** The role definition GUID (or a full role definition id). */
  guid: string;
  dataActions: readonly string[];
  notDataActions: readonly string[];
}

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

const matches = (values: readonly string[] | undefined, value: string) =>
  !!values && (values.includes('*') || values.includes(value));

function levelOfRules(rules: readonly KubernetesPolicyRule[]): GrantLevel {
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

/** Data actions read the way AKS's authorization webhook maps requests onto them. */
function levelOfDataActions(role: AzureRoleDataActions): GrantLevel {
  // The kubeconfig role: it hands out the local admin credentials.
  if (roleDefinitionGuid(role.guid) === AKS_BUILTIN_ROLES.clusterAdmin.guid)
    return 'cluster-admin';
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

/**
 * The access level a role gives inside the cluster, judged by what it allows
 * (not by its name): a Kubernetes Role or ClusterRole by its rules, an Azure
 * role by its Kubernetes data actions (as on azure-rbac clusters). The one
 * place levels are computed; the backend's access view reports its answer.
 */
export function grantLevelOf(
  role: KubernetesRoleRules | AzureRoleDataActions,
): GrantLevel {
  return 'rules' in role ? levelOfRules(role.rules) : levelOfDataActions(role);
}

/** Has AKS data actions, so it means something inside the cluster on azure-rbac clusters. */
export function hasAksDataActions(
  role: Pick<AzureRoleDataActions, 'dataActions'>,
): boolean {
  return role.dataActions.some(
    a => a.toLowerCase().startsWith(AKS_DATA.toLowerCase()) || a === '*',
  );
}
