/**
 * The resource types this API server serves, as discovery reports them. The
 * storage, authorization and routing all key off this table.
 */
export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  /** PUT on a missing object creates it (true for the RBAC types in Kubernetes). */
  allowCreateOnUpdate?: boolean;
  /** Review types are create-only and never stored. */
  virtual?: boolean;
  /** How the name is validated (Kubernetes differs per type). */
  nameRule: 'dns1123Label' | 'dns1123Subdomain' | 'pathSegment';
}

const CRUD = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export const RESOURCE_TYPES: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
    nameRule: 'dns1123Label',
  },
  {
    group: '',
    version: 'v1',
    resource: 'serviceaccounts',
    singular: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['sa'],
    nameRule: 'dns1123Subdomain',
  },
  {
    group: '',
    version: 'v1',
    resource: 'resourcequotas',
    singular: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['quota'],
    nameRule: 'dns1123Subdomain',
  },
  {
    group: '',
    version: 'v1',
    resource: 'limitranges',
    singular: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['limits'],
    nameRule: 'dns1123Subdomain',
  },
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['po'],
    categories: ['all'],
    nameRule: 'dns1123Subdomain',
  },
  {
    group: '',
    version: 'v1',
    resource: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    verbs: CRUD,
    nameRule: 'dns1123Subdomain',
  },
  {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['cm'],
    nameRule: 'dns1123Subdomain',
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'roles',
    singular: 'role',
    kind: 'Role',
    namespaced: true,
    verbs: CRUD,
    allowCreateOnUpdate: true,
    nameRule: 'pathSegment',
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'rolebindings',
    singular: 'rolebinding',
    kind: 'RoleBinding',
    namespaced: true,
    verbs: CRUD,
    allowCreateOnUpdate: true,
    nameRule: 'pathSegment',
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'clusterroles',
    singular: 'clusterrole',
    kind: 'ClusterRole',
    namespaced: false,
    verbs: CRUD,
    allowCreateOnUpdate: true,
    nameRule: 'pathSegment',
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    kind: 'ClusterRoleBinding',
    namespaced: false,
    verbs: CRUD,
    allowCreateOnUpdate: true,
    nameRule: 'pathSegment',
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'networkpolicies',
    singular: 'networkpolicy',
    kind: 'NetworkPolicy',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['netpol'],
    nameRule: 'dns1123Subdomain',
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'subjectaccessreviews',
    singular: 'subjectaccessreview',
    kind: 'SubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
    virtual: true,
    nameRule: 'pathSegment',
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
    virtual: true,
    nameRule: 'pathSegment',
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectrulesreviews',
    singular: 'selfsubjectrulesreview',
    kind: 'SelfSubjectRulesReview',
    namespaced: false,
    verbs: ['create'],
    virtual: true,
    nameRule: 'pathSegment',
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'localsubjectaccessreviews',
    singular: 'localsubjectaccessreview',
    kind: 'LocalSubjectAccessReview',
    namespaced: true,
    verbs: ['create'],
    virtual: true,
    nameRule: 'pathSegment',
  },
];

/** Subresources listed in discovery, as `${resource}/${sub}` → kind. */
export const SUBRESOURCES: Record<
  string,
  { group: string; kind: string; verbs: string[]; namespaced: boolean }
> = {
  'serviceaccounts/token': {
    group: 'authentication.k8s.io',
    kind: 'TokenRequest',
    verbs: ['create'],
    namespaced: true,
  },
  'namespaces/status': {
    group: '',
    kind: 'Namespace',
    verbs: ['get', 'patch', 'update'],
    namespaced: false,
  },
};

export const API_GROUPS = [
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'authorization.k8s.io',
];

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** `rolebindings.rbac.authorization.k8s.io` — how Kubernetes names a type in messages. */
export function qualifiedResource(type: {
  group: string;
  resource: string;
}): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

export function findType(
  group: string,
  version: string,
  resource: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    t => t.group === group && t.version === version && t.resource === resource,
  );
}

export function typeByKind(
  apiVersion: string,
  kind: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    t => apiVersionOf(t) === apiVersion && t.kind === kind,
  );
}
