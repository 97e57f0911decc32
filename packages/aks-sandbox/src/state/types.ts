/*
 * The sandbox's whole world in one serialisable shape. The Kubernetes, ARM and
 * Entra front ends each read and write their own part of it, but they share it:
 * the Kubernetes authorizer reads ARM role assignments and Entra group
 * membership, and the Entra token endpoint reads cluster JWKS and identity FICs.
 */

/** A Kubernetes object as stored: the full JSON body, including metadata. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: unknown[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** The ARM managedClusters record: the posture fields AKS reports. */
export interface ManagedClusterRecord {
  /** ARM resource id: /subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerService/managedClusters/<name> */
  id: string;
  name: string;
  location: string;
  resourceGroup: string;
  subscriptionId: string;
  kubernetesVersion: string;
  fqdn: string;
  enableRBAC: boolean;
  disableLocalAccounts: boolean;
  aadProfile?: {
    managed: boolean;
    enableAzureRBAC: boolean;
    adminGroupObjectIDs: string[];
    tenantID: string;
  };
  oidcIssuerProfile: { enabled: boolean; issuerURL?: string };
  workloadIdentityEnabled: boolean;
}

export interface ClusterState {
  record: ManagedClusterRecord;
  /** PEM of the key that signs this cluster's ServiceAccount tokens (RS256). */
  signingKeyPem: string;
  /** Monotonic resourceVersion counter for this cluster's etcd. */
  resourceVersion: number;
  /** key = `${group}/${resource}/${namespace ?? ''}/${name}` — see kubernetes/keys.ts */
  objects: Record<string, KubeObject>;
  /** The local-accounts admin token (valid only while disableLocalAccounts=false). */
  localAdminToken: string;
}

export interface DirectoryUser {
  objectId: string;
  userPrincipalName: string;
  displayName: string;
  /** Static bearer token the sandbox accepts for this user on every cluster (as if issued by Entra). */
  token: string;
}

export interface DirectoryGroup {
  objectId: string;
  displayName: string;
  /** object ids of users, groups or service principals */
  members: string[];
}

export interface MembershipChange {
  groupId: string;
  memberId: string;
  removed: boolean;
}

export interface AppRegistration {
  appId: string;
  displayName: string;
  /** object id of the app's service principal */
  servicePrincipalId: string;
  clientSecrets: string[];
}

export interface ServicePrincipal {
  objectId: string;
  appId: string;
  displayName: string;
  /** epoch ms — drives the PrincipalNotFound replication-window fault */
  createdAt: number;
  /** set when this SP belongs to a user-assigned managed identity */
  managedIdentityId?: string;
}

/** A custom role: the built-in table's shape, made in this tenant. */
export interface CustomRoleDefinitionRecord {
  roleName: string;
  /** the role definition GUID */
  name: string;
  description: string;
  assignableScopes: string[];
  permissions: Array<{
    actions: string[];
    notActions: string[];
    dataActions: string[];
    notDataActions: string[];
  }>;
}

export interface RoleAssignmentRecord {
  /** full ARM id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}` */
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType:
    | 'User'
    | 'Group'
    | 'ServicePrincipal'
    | 'ForeignGroup'
    | 'Device';
  description?: string;
  /** an ABAC condition (conditionVersion "2.0"), as arm/conditions.ts reads them */
  condition?: string;
  conditionVersion?: string;
  createdOn: string;
  updatedOn: string;
  createdBy?: string;
  updatedBy?: string;
}

export interface FederatedCredentialRecord {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface UserAssignedIdentityRecord {
  id: string;
  name: string;
  location: string;
  subscriptionId: string;
  resourceGroup: string;
  tags: Record<string, string>;
  clientId: string;
  principalId: string;
  tenantId: string;
  federatedIdentityCredentials: FederatedCredentialRecord[];
}

/** What a managedNamespaces resource asks of its namespace, with the spec's defaults filled in. */
export interface ManagedNamespaceProperties {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** requests.cpu, limits.cpu, requests.memory, limits.memory of `defaultresourcequota`; empty: no quota */
  defaultResourceQuota: {
    cpuRequest?: string;
    cpuLimit?: string;
    memoryRequest?: string;
    memoryLimit?: string;
  };
  defaultNetworkPolicy: {
    ingress: 'AllowSameNamespace' | 'DenyAll' | 'AllowAll';
    egress: 'AllowSameNamespace' | 'DenyAll' | 'AllowAll';
  };
  adoptionPolicy: 'Never' | 'IfIdentical' | 'Always';
  deletePolicy: 'Keep' | 'Delete';
}

/** The ARM `Microsoft.ContainerService/managedClusters/managedNamespaces` resource (arm/managedNamespaces.ts). */
export interface ManagedNamespaceRecord {
  id: string;
  name: string;
  /** the cluster's key in `SandboxState.clusters` */
  cluster: string;
  location: string;
  tags: Record<string, string>;
  properties: ManagedNamespaceProperties;
  /** The provisioningState once no operation runs on the resource. */
  provisioningState: 'Succeeded' | 'Failed';
  /** The resource's last long-running operation; while it runs, the resource reports its state. */
  operationId?: string;
  /** Set by DELETE: the resource is gone once that operation has ended. */
  deleting?: boolean;
  createdBy: string;
  createdByType: 'User' | 'Application';
  createdAt: string;
  lastModifiedBy: string;
  lastModifiedByType: 'User' | 'Application';
  lastModifiedAt: string;
}

/** An ARM asynchronous operation, as its Azure-AsyncOperation URL reports it (arm/operations.ts). */
export interface ArmOperationRecord {
  /** the operation's GUID */
  name: string;
  location: string;
  /** the resource the operation acts on */
  resourceId: string;
  /** what the resource's provisioningState reads while the operation runs */
  runningState: 'Creating' | 'Updating' | 'Deleting';
  startTime: string;
  /** when the operation reports its outcome; until then it is InProgress */
  endTime: string;
  status: 'Succeeded' | 'Failed';
  error?: { code: string; message: string };
}

export interface SandboxState {
  version: 1;
  tenantId: string;
  /** The first subscription: where the operations of a scope-less request are reported. */
  subscriptionId: string;
  /**
   * Every subscription ARM answers for, `subscriptionId` included; absent in
   * states written before there were several: that one alone.
   */
  subscriptions?: string[];
  /** PEM of the key Entra signs access tokens with (RS256); its JWKS is published by the authority */
  tenantSigningKeyPem: string;
  directory: {
    users: DirectoryUser[];
    groups: DirectoryGroup[];
    apps: AppRegistration[];
    servicePrincipals: ServicePrincipal[];
    /**
     * Every membership change since the seed, in order, so Graph's delta
     * query can answer what changed since a token; absent in older states.
     */
    membershipLog?: MembershipChange[];
  };
  /**
   * Keyed by the cluster's ARM name, or, for a name another subscription
   * already uses, by a key of its own (state/clusters.ts clusterKeyOf).
   */
  clusters: Record<string, ClusterState>;
  /** keyed by lower-cased ARM id */
  roleAssignments: Record<string, RoleAssignmentRecord>;
  /** keyed by lower-cased ARM id */
  identities: Record<string, UserAssignedIdentityRecord>;
  /**
   * Custom role definitions (what `az role definition create` makes), keyed
   * by lower-cased GUID; absent in states written before they existed.
   */
  customRoleDefinitions?: Record<string, CustomRoleDefinitionRecord>;
  /** keyed by lower-cased ARM id; absent in states written before managed namespaces existed */
  managedNamespaces?: Record<string, ManagedNamespaceRecord>;
  /** ARM's asynchronous operations, keyed by their GUID */
  armOperations?: Record<string, ArmOperationRecord>;
}
