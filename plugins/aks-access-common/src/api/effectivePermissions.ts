import type { AccessPath, Finding, MembershipStatus, Principal } from './types';

/**
 * The Kubernetes resources the who-can and what-can questions take, with
 * their API group and the subresources that are permissions of their own.
 * A closed table, so that a typo is a 400 rather than an empty answer.
 */
export const KUBERNETES_RESOURCES: Readonly<
  Record<string, { group: string; subresources?: readonly string[] }>
> = {
  pods: {
    group: '',
    subresources: [
      'exec',
      'attach',
      'portforward',
      'log',
      'ephemeralcontainers',
      'proxy',
      'status',
    ],
  },
  secrets: { group: '' },
  configmaps: { group: '' },
  services: { group: '', subresources: ['proxy', 'status'] },
  serviceaccounts: { group: '', subresources: ['token'] },
  persistentvolumeclaims: { group: '' },
  events: { group: '' },
  endpoints: { group: '' },
  limitranges: { group: '' },
  resourcequotas: { group: '' },
  users: { group: '' },
  groups: { group: '' },
  deployments: { group: 'apps', subresources: ['scale', 'status'] },
  statefulsets: { group: 'apps', subresources: ['scale', 'status'] },
  daemonsets: { group: 'apps' },
  replicasets: { group: 'apps', subresources: ['scale'] },
  jobs: { group: 'batch' },
  cronjobs: { group: 'batch' },
  horizontalpodautoscalers: { group: 'autoscaling' },
  ingresses: { group: 'networking.k8s.io' },
  networkpolicies: { group: 'networking.k8s.io' },
  roles: { group: 'rbac.authorization.k8s.io' },
  rolebindings: { group: 'rbac.authorization.k8s.io' },
  clusterroles: { group: 'rbac.authorization.k8s.io' },
  leases: { group: 'coordination.k8s.io' },
  poddisruptionbudgets: { group: 'policy' },
};

/** The verbs Kubernetes authorizes, the special ones (bind, escalate, impersonate) included. */
export const KUBERNETES_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'bind',
  'escalate',
  'impersonate',
  'use',
  'approve',
  'sign',
] as const;
export type KubernetesVerb = (typeof KUBERNETES_VERBS)[number];

/** The verbs of the what-can matrix's columns, as rakkess shows them. */
export const MATRIX_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
] as const;

/** One request the question is about, as an authorizer sees it. */
export interface PermissionRequest {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** A single object's name; rules limited by resourceNames only allow named requests. */
  name?: string;
}

/** A person a grant reaches, with every path by which it does. */
export interface WhoCanPerson {
  user: Principal & { userPrincipalName?: string };
  /** In aadProfile.adminGroupObjectIDs: holding every permission is expected. */
  platformAdmin: boolean;
  namespaces: Array<{
    cluster: string;
    namespace: string;
    paths: AccessPath[];
  }>;
}

/** A ServiceAccount a grant reaches, with the Azure identity it federates with, if any. */
export interface WhoCanWorkload {
  cluster: string;
  namespace: string;
  serviceAccount: Principal;
  /** azure.workload.identity/client-id of the ServiceAccount. */
  clientId?: string;
  paths: AccessPath[];
}

/**
 * A grant whose principal is no one person: a system group that every
 * identity (or every ServiceAccount) is in, the local admin account, or an
 * id the directory does not know.
 */
export interface WhoCanOther {
  cluster: string;
  namespace: string;
  principal: Principal;
  reaches:
    | 'everyone'
    | 'all-service-accounts'
    | 'namespace-service-accounts'
    | 'local-admin'
    | 'application'
    | 'unresolved';
  paths: AccessPath[];
}

export interface WhoCanResponse {
  entityRef: string;
  verb: string;
  resource: string;
  apiGroup: string;
  /** The namespaces asked about. */
  namespaces: Array<{ cluster: string; namespace: string }>;
  people: WhoCanPerson[];
  totalPeople: number;
  offset: number;
  limit: number;
  nextOffset?: number;
  workloadIdentities: WhoCanWorkload[];
  others: WhoCanOther[];
  membership: MembershipStatus;
  generatedAt: string;
}

/** One cell of the what-can matrix: allowed, and by which paths. */
export interface WhatCanCell {
  verb: string;
  allowed: boolean;
  paths: AccessPath[];
}

export interface WhatCanResponse {
  principal: Principal & { userPrincipalName?: string };
  cluster: string;
  namespace: string;
  verbs: readonly string[];
  rows: Array<{ resource: string; apiGroup: string; cells: WhatCanCell[] }>;
  generatedAt: string;
}

/**
 * The permissions a security review asks about first (Krane's and
 * rbac-police's risks): `label` short enough for a chip, `title` for a sentence.
 */
export const SENSITIVE_PERMISSIONS = [
  {
    id: 'read-secrets',
    label: 'read Secrets',
    title: 'read Secrets',
    verb: 'get',
    resource: 'secrets',
  },
  {
    id: 'list-secrets',
    label: 'list Secrets',
    title: 'list Secrets',
    verb: 'list',
    resource: 'secrets',
  },
  {
    id: 'exec',
    label: 'exec',
    title: 'exec into pods',
    verb: 'create',
    resource: 'pods/exec',
  },
  {
    id: 'attach',
    label: 'attach',
    title: 'attach to pods',
    verb: 'create',
    resource: 'pods/attach',
  },
  {
    id: 'port-forward',
    label: 'port-forward',
    title: 'port-forward to pods',
    verb: 'create',
    resource: 'pods/portforward',
  },
  {
    id: 'create-pods',
    label: 'create pods',
    title:
      'create pods (which can mount any Secret and ServiceAccount of the namespace)',
    verb: 'create',
    resource: 'pods',
  },
  {
    id: 'create-rolebindings',
    label: 'create RoleBindings',
    title: 'create RoleBindings',
    verb: 'create',
    resource: 'rolebindings',
  },
  {
    id: 'update-rolebindings',
    label: 'change RoleBindings',
    title: 'change RoleBindings',
    verb: 'update',
    resource: 'rolebindings',
  },
  {
    id: 'escalate',
    label: 'escalate',
    title: 'escalate Roles',
    verb: 'escalate',
    resource: 'roles',
  },
  {
    id: 'bind',
    label: 'bind',
    title: 'bind ClusterRoles',
    verb: 'bind',
    resource: 'clusterroles',
  },
  {
    id: 'impersonate',
    label: 'impersonate',
    title: 'impersonate ServiceAccounts',
    verb: 'impersonate',
    resource: 'serviceaccounts',
  },
  {
    id: 'wildcard',
    label: 'everything (*)',
    title: "use '*' (every verb on every resource)",
    verb: '*',
    resource: '*',
  },
] as const;
export type SensitivePermissionId =
  (typeof SENSITIVE_PERMISSIONS)[number]['id'];

/**
 * A sensitive permission one person holds in an entity's namespaces, counted
 * as the sensitive-permission findings count it.
 */
export interface PersonSensitivePermission {
  permission: SensitivePermissionId;
  /** Held only through a platform admin group: expected, where the findings list it, not flagged. */
  expected: boolean;
  namespaces: Array<{ cluster: string; namespace: string }>;
}

export interface SensitivePermissionsResponse {
  entityRef: string;
  /** Who holds each sensitive permission where it is not expected. */
  findings: Finding[];
  /** Platform admins (and the backend's own identity) holding them, as expected, by permission. */
  expected: Array<{
    cluster: string;
    namespace: string;
    permission: SensitivePermissionId;
    principal: Principal;
  }>;
  generatedAt: string;
}
