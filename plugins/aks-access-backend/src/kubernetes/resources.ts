import type {
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

/** The collection path of each watched resource, across all namespaces, for LIST and WATCH. */
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
export const WATCHED_PATHS: Record<WatchedResource, string> = {
  namespaces: '/api/v1/namespaces',
  serviceaccounts: '/api/v1/serviceaccounts',
  roles: `${RBAC}/roles`,
  rolebindings: `${RBAC}/rolebindings`,
  clusterroles: `${RBAC}/clusterroles`,
  clusterrolebindings: `${RBAC}/clusterrolebindings`,
  resourcequotas: '/api/v1/resourcequotas',
  networkpolicies: '/apis/networking.k8s.io/v1/networkpolicies',
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
