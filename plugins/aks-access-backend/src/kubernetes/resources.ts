import {
  CoreV1Api,
  KubeConfig,
  KubernetesListObject,
  KubernetesObject,
  NetworkingV1Api,
  RbacAuthorizationV1Api,
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Namespace,
  V1NetworkPolicy,
  V1ResourceQuota,
  V1Role,
  V1RoleBinding,
  V1ServiceAccount,
} from '@kubernetes/client-node';

/** What the access index keeps of every cluster. */
export interface WatchedTypes {
  namespaces: V1Namespace;
  serviceaccounts: V1ServiceAccount;
  roles: V1Role;
  rolebindings: V1RoleBinding;
  clusterroles: V1ClusterRole;
  clusterrolebindings: V1ClusterRoleBinding;
  /** For managed namespaces: ARM's default quota and policy must still be ARM's. */
  resourcequotas: V1ResourceQuota;
  networkpolicies: V1NetworkPolicy;
}

export type WatchedResource = keyof WatchedTypes;

export interface PageOptions {
  limit: number;
  _continue?: string;
}

type Lister<T extends KubernetesObject> = (
  kc: KubeConfig,
  page: PageOptions,
) => Promise<KubernetesListObject<T>>;

interface ResourceDefinition<T extends KubernetesObject> {
  /** The collection path, across all namespaces, for LIST and WATCH. */
  path: string;
  list: Lister<T>;
}

const core = (kc: KubeConfig) => kc.makeApiClient(CoreV1Api);
const rbac = (kc: KubeConfig) => kc.makeApiClient(RbacAuthorizationV1Api);
const networking = (kc: KubeConfig) => kc.makeApiClient(NetworkingV1Api);
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

export const WATCHED_RESOURCES: {
  [R in WatchedResource]: ResourceDefinition<WatchedTypes[R]>;
} = {
  namespaces: {
    path: '/api/v1/namespaces',
    list: (kc, page) => core(kc).listNamespace(page),
  },
  serviceaccounts: {
    path: '/api/v1/serviceaccounts',
    list: (kc, page) => core(kc).listServiceAccountForAllNamespaces(page),
  },
  roles: {
    path: `${RBAC}/roles`,
    list: (kc, page) => rbac(kc).listRoleForAllNamespaces(page),
  },
  rolebindings: {
    path: `${RBAC}/rolebindings`,
    list: (kc, page) => rbac(kc).listRoleBindingForAllNamespaces(page),
  },
  clusterroles: {
    path: `${RBAC}/clusterroles`,
    list: (kc, page) => rbac(kc).listClusterRole(page),
  },
  clusterrolebindings: {
    path: `${RBAC}/clusterrolebindings`,
    list: (kc, page) => rbac(kc).listClusterRoleBinding(page),
  },
  resourcequotas: {
    path: '/api/v1/resourcequotas',
    list: (kc, page) => core(kc).listResourceQuotaForAllNamespaces(page),
  },
  networkpolicies: {
    path: '/apis/networking.k8s.io/v1/networkpolicies',
    list: (kc, page) => networking(kc).listNetworkPolicyForAllNamespaces(page),
  },
};

/** The watched resource of each kind, for objects the write path applied. */
export const WATCHED_KINDS: Record<string, WatchedResource> = {
  Namespace: 'namespaces',
  ServiceAccount: 'serviceaccounts',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  ResourceQuota: 'resourcequotas',
  NetworkPolicy: 'networkpolicies',
};
