import type { AccessLevel, GrantLevel } from '../roles/accessLevels';
import type { PersonSensitivePermission } from './effectivePermissions';
import type { ACCESS_REQUEST_STATES } from '../schemas/accessRequests';

/*
 * Response bodies of the REST API (DESIGN §5). Request bodies are inferred
 * from the zod schemas in ../schemas/operations, so they cannot drift apart.
 */

/** One object a write creates, updates, keeps or deletes; a dry run returns the same list. */
export interface Change {
  target: 'kubernetes' | 'azure';
  cluster?: string;
  /** Kubernetes kind or ARM resource type, e.g. `RoleBinding`, `roleAssignments`. */
  kind: string;
  namespace?: string;
  name: string;
  /** ARM id, for Azure changes. */
  id?: string;
  action: 'create' | 'update' | 'unchanged' | 'delete';
}

/** Every write answers with the plan it carried out (or would, on a dry run). */
export interface WriteResponse {
  changes: Change[];
}

export type AuthorizationMode = 'azure-rbac' | 'kubernetes-rbac';

export interface ClusterPosture {
  /** `aadProfile.managed` */
  entraIntegration: boolean;
  /** `aadProfile.enableAzureRBAC` */
  azureRbac: boolean;
  localAccountsDisabled: boolean;
  oidcIssuerEnabled: boolean;
  oidcIssuerUrl?: string;
  workloadIdentityEnabled: boolean;
  kubernetesVersion: string;
  /** The cluster's subscription's role assignments, once the index has read them. */
  roleAssignments?: RoleAssignmentBudget;
}

/** Whether the backend could read the cluster; stale data is still shown. */
/**
 * A subscription's share of Azure's fixed role-assignment budget (4,000 per
 * subscription, counting subscription, resource group and resource scopes),
 * against the platform policy's thresholds.
 */
export interface RoleAssignmentBudget {
  subscriptionId: string;
  count: number;
  limit: number;
  /** Past this count a finding says the budget is running out. */
  warnAt: number;
  /** A grant that would take the count past this is refused. */
  refuseAt: number;
}

export interface ClusterStatus {
  reachable: boolean;
  /** The data shown is from an earlier successful read. */
  stale?: boolean;
  /** ISO time of the last successful read (or of the first failure, when unreachable). */
  since?: string;
  error?: string;
}

export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export type FindingKind =
  | 'posture'
  | 'drift'
  | 'broken-link'
  | 'over-broad'
  | 'fic-limit'
  | 'review-overdue';

export interface Finding {
  /** Stable across reads, so the UI can key and deduplicate findings. */
  id: string;
  severity: FindingSeverity;
  kind: FindingKind;
  cluster?: string;
  namespace?: string;
  title: string;
  detail: string;
  /** What to do about it, as a sentence or a command. */
  remediation: string;
}

export interface ClusterSummary {
  name: string;
  /**
   * The cluster's identity: `/subscriptions/…/managedClusters/<name>`. Two
   * subscriptions can each hold a cluster of the same name.
   */
  armId: string;
  subscriptionId: string;
  title: string;
  environment: string;
  authorizationMode: AuthorizationMode;
  /** How onboarding creates namespaces here: through Kubernetes, or as AKS managed namespaces. */
  namespaceProvisioning: 'kubernetes' | 'managedNamespace';
  posture: ClusterPosture;
  findings: Finding[];
  status?: ClusterStatus;
}

export interface ClustersResponse {
  items: ClusterSummary[];
}

export type PrincipalKind =
  | 'Group'
  | 'User'
  | 'ServicePrincipal'
  | 'ServiceAccount';

export interface Principal {
  kind: PrincipalKind;
  /** Entra object id; for a ServiceAccount, `system:serviceaccount:<ns>:<name>`. */
  id: string;
  displayName?: string;
  /** The catalog entity the principal resolved to, if any. */
  entityRef?: string;
}

export type GrantSource =
  | 'RoleBinding'
  | 'ClusterRoleBinding'
  | 'AzureRoleAssignment'
  | 'AadAdminGroup';

export interface Grant {
  /** Opaque; see encodeGrantId. Pass it to DELETE /grants/:grantId. */
  id: string;
  principal: Principal;
  level: GrantLevel;
  /** ClusterRole name or Azure role name the grant binds to. */
  role: string;
  source: GrantSource;
  scope: 'namespace' | 'cluster';
  /** Created by aks-access; only managed grants can be revoked from Backstage. */
  managed: boolean;
  /** For an Azure role assignment above the cluster: the resource group or subscription it is made at. */
  inheritedFrom?: string;
  /** A time-bound grant (from an access request): when it is revoked by itself (RFC 3339). */
  expiresAt?: string;
  /** When its object was made, where the cluster or ARM says. */
  createdAt?: string;
  /** Recertification: when the entity's owners last confirmed it, and when they must again. */
  review?: GrantReviewStatus;
}

export interface GrantReviewStatus {
  /** Absent: never reviewed. */
  lastReviewedAt?: string;
  reviewedBy?: string;
  dueAt: string;
  overdue: boolean;
}

/** An AKS managed namespace's settings in ARM (managedClusters/managedNamespaces). */
export interface ManagedNamespaceSettings {
  provisioningState?: string;
  defaultResourceQuota: {
    cpuRequest?: string;
    cpuLimit?: string;
    memoryRequest?: string;
    memoryLimit?: string;
  };
  defaultNetworkPolicy: { ingress?: string; egress?: string };
  adoptionPolicy?: string;
  deletePolicy?: string;
}

export interface NamespaceAccess {
  cluster: string;
  namespace: string;
  /** An AKS managed namespace: ARM owns its labels, default quota and network policy. */
  managedByArm?: boolean;
  /** What ARM holds of it, when the cluster provisions managed namespaces and ARM listed it. */
  managedNamespace?: ManagedNamespaceSettings;
  /**
   * The grants made in this namespace (`scope: 'namespace'`). Cluster-wide
   * grants reach it too; they are in {@link EntityAccessResponse.clusterGrants},
   * once per cluster.
   */
  grants: Grant[];
}

/** The cluster-wide grants (`scope: 'cluster'`) that reach the entity's namespaces on one cluster. */
export interface ClusterAccess {
  cluster: string;
  /** Each grant once, however many of the entity's namespaces on the cluster it reaches. */
  grants: Grant[];
}

/** The result of one of the three checks a token exchange makes against a FIC. */
export interface FicCheck {
  ok: boolean;
  expected: string;
  /** Absent when the FIC has no value for the field. */
  actual?: string;
}

export interface FederatedIdentityCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  checks: { issuer: FicCheck; subject: FicCheck; audience: FicCheck };
  /**
   * Why Entra would refuse a token exchange with this FIC, one sentence per
   * failed check (e.g. `subject is …, expected …`); empty when it matches.
   */
  mismatches: string[];
}

export interface ManagedIdentity {
  clientId: string;
  principalId: string;
  /** ARM id of the user-assigned identity. */
  id: string;
  name: string;
  resourceGroup: string;
}

export interface AzureRoleGrant {
  /** ARM id of the role assignment. */
  id: string;
  /** Built-in role name, or the definition GUID when the role is unknown. */
  role: string;
  roleDefinitionId: string;
  scope: string;
  managed: boolean;
}

/** The link of a workload identity's chain a health reason is about. */
export type WorkloadIdentityLink =
  /** The cluster: its OIDC issuer and workload identity webhook. */
  | 'cluster'
  /** The managed identity the ServiceAccount's client-id annotation names. */
  | 'identity'
  /** The identity's federated credentials for this ServiceAccount. */
  | 'fic';

export interface WorkloadIdentityHealthReason {
  link: WorkloadIdentityLink;
  /** One sentence, ready to show. */
  message: string;
  /** The broken-link finding with the details and the remediation; absent for a link that could not be checked. */
  findingId?: string;
}

/**
 * Whether the ServiceAccount's pods can exchange their token for an Entra
 * token, as the backend checked the chain end to end.
 */
export interface WorkloadIdentityHealth {
  /**
   * `healthy`: the cluster issues tokens, the identity exists and one FIC
   * matches on issuer, subject and audience; `broken`: a link is broken;
   * `unknown`: nothing is known to be broken, but a link could not be read.
   */
  status: 'healthy' | 'broken' | 'unknown';
  /** What is broken (or could not be checked), in the order a token exchange meets it; empty when healthy. */
  reasons: WorkloadIdentityHealthReason[];
}

/** The chain ServiceAccount → identity → FICs → Azure roles, with what is broken in it. */
export interface WorkloadIdentity {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  /** The ServiceAccount's `azure.workload.identity/client-id` annotation. */
  clientId: string;
  /** Absent when no identity with that client id was found (a broken link). */
  identity?: ManagedIdentity;
  /** The FICs of the identity that name this ServiceAccount or this cluster's issuer. */
  fics: FederatedIdentityCredential[];
  azureRoles: AzureRoleGrant[];
  managed: boolean;
  health: WorkloadIdentityHealth;
}

export interface EntityClusterStatus {
  name: string;
  authorizationMode?: AuthorizationMode;
  status: ClusterStatus;
}

export interface EntityAccessResponse {
  entityRef: string;
  namespaces: NamespaceAccess[];
  /** One entry per cluster the entity has namespaces on, in the order of `clusters`. */
  clusterGrants: ClusterAccess[];
  identities: WorkloadIdentity[];
  findings: Finding[];
  /** One entry per configured cluster, so the UI can say which ones it could not read. */
  clusters: EntityClusterStatus[];
  /** ISO time */
  generatedAt: string;
}

/**
 * How one grant reaches a user: the grant, and the groups between them, from
 * the user's own group up to the group that holds the grant.
 */
export interface AccessPath {
  grantId: string;
  source: GrantSource;
  level: GrantLevel;
  role: string;
  scope: 'namespace' | 'cluster';
  /** The grant's principal: the user itself, or the group it is made to. */
  principal: Principal;
  /** Groups from the user outwards, the grant's group last; empty for a grant to the user. */
  via: Principal[];
  inheritedFrom?: string;
  expiresAt?: string;
}

export interface PersonNamespaceAccess {
  cluster: string;
  namespace: string;
  /**
   * The highest level any path gives; `custom` when only custom roles (a
   * custom Role or ClusterRole, an Azure custom role) reach the person here.
   */
  level: GrantLevel;
  /** When `level` is `custom`: the roles that give it, by name (`Role/payments-deployer`, `Payments Deployer`). */
  customRoles?: string[];
  paths: AccessPath[];
}

export interface PersonAccess {
  user: Principal & { userPrincipalName?: string };
  /** The highest level over all the entity's namespaces; `custom` as in {@link PersonNamespaceAccess.level}. */
  highestLevel: GrantLevel;
  /** When `highestLevel` is `custom`: the roles that give it, by name, over all the namespaces listed. */
  customRoles?: string[];
  namespaces: PersonNamespaceAccess[];
  /** The sensitive permissions the person holds there, in the order of SENSITIVE_PERMISSIONS. */
  sensitivePermissions: PersonSensitivePermission[];
}

/** Where group membership came from, and how fresh it is. */
export interface MembershipStatus {
  /** `graph`: Microsoft Graph, nested groups included; `catalog`: the catalog's memberOf only. */
  source: 'graph' | 'catalog';
  refreshedAt?: string;
  users: number;
  groups: number;
  /** Why the view is not (yet) from Graph. */
  message?: string;
}

export interface EntityPeopleResponse {
  entityRef: string;
  items: PersonAccess[];
  totalCount: number;
  offset: number;
  limit: number;
  nextOffset?: number;
  membership: MembershipStatus;
  generatedAt: string;
}

export interface CheckAccessResponse {
  allowed: boolean;
  reason: string;
  /** The principal asked about, resolved; for a user, how many groups (nested included) were sent. */
  principal?: Principal & { groupCount?: number };
  /** The grants in the namespace that reach the principal, highest level first. */
  paths?: AccessPath[];
}

/** Someone the viewer may ask for access for: themself or one of their groups, as the policy allows. */
export interface RequestablePrincipal {
  entityRef: string;
  kind: 'User' | 'Group';
  displayName?: string;
}

/** Whether the viewer can ask for access to one namespace, and for whom. */
export type NamespaceRequestOption =
  | {
      allowed: true;
      /** The principals the policy allows, the first one the default. */
      principals: RequestablePrincipal[];
      levels: AccessLevel[];
    }
  | {
      allowed: false;
      /** Why not, in words for the viewer. */
      reason: string;
    };

/** A group of the viewer's whose one grant, which all its members share, would cover them too. */
export interface CoveringGroup {
  entityRef: string;
  displayName: string;
  /** Role assignments a new grant to the group would add here. */
  assignments: number;
  /** The viewer may request access for it: a catalog group they belong to, not only through nesting. */
  requestable: boolean;
}

/**
 * What a new grant to the viewer in one namespace spends of Azure's
 * role-assignment budget for its subscription, and which of their groups
 * would cover them instead, with one grant for all its members.
 */
export interface ViewerGrantCost {
  budget: RoleAssignmentBudget;
  /** Role assignments a new grant to the viewer would add. */
  user: number;
  /**
   * The viewer's groups (nested included) that the policy allows as grantees,
   * the requestable ones first, then by fewest assignments.
   */
  groups: CoveringGroup[];
}

export interface ViewerNamespace {
  cluster: string;
  namespace: string;
  /** The highest level the viewer reaches here, nested groups included; absent when none. */
  level?: GrantLevel;
  request: NamespaceRequestOption;
  /**
   * Present on an onboarded namespace where the policy allows grants to
   * users and the subscription's role assignments have been read.
   */
  grantCost?: ViewerGrantCost;
}

/**
 * The signed-in viewer's side of an entity's tab, computed by the backend:
 * whether they own it, may approve its requests, and reach each namespace.
 */
export interface EntityViewerResponse {
  entityRef: string;
  user: { entityRef: string; displayName?: string };
  /** The viewer, or a group they are in, owns the entity. */
  owner: boolean;
  /** Decides the entity's access requests (its owners and the platform group), though never their own. */
  approver: boolean;
  namespaces: ViewerNamespace[];
  generatedAt: string;
}

export interface OnboardNamespaceResponse extends WriteResponse {
  namespace: string;
  cluster: string;
  apiServerUrl: string;
}

export interface GrantResponse extends WriteResponse {
  grantId: string;
}

export interface FederateWorkloadIdentityResponse extends WriteResponse {
  clientId: string;
  principalId: string;
  /** ARM id of the user-assigned identity. */
  identityId: string;
  serviceAccount: string;
}

export type AccessRequestState = (typeof ACCESS_REQUEST_STATES)[number];

/** A request for time-bound access to one namespace, and what became of it. */
export interface AccessRequest {
  id: string;
  /** The entity the namespace belongs to; its owners approve. */
  entityRef: string;
  cluster: string;
  namespace: string;
  /** The catalog user or group the access is for. */
  principal: string;
  level: AccessLevel;
  /** ISO 8601, as requested. */
  duration: string;
  justification: string;
  /** User entity ref of whoever asked. */
  requester: string;
  state: AccessRequestState;
  createdAt: string;
  /** A pending request not decided by then is expired. */
  pendingUntil?: string;
  decidedAt?: string;
  decidedBy?: string;
  comment?: string;
  /** Once approved: the grant, and when it ends. */
  grantId?: string;
  expiresAt?: string;
  /**
   * The principal already held this grant permanently when the request was
   * approved: nothing was added, and nothing is removed at expiry.
   */
  alreadyPermanent?: boolean;
  endedAt?: string;
  endedBy?: string;
}

export interface AccessRequestResponse extends WriteResponse {
  request: AccessRequest;
}

export interface AccessRequestListResponse {
  items: AccessRequest[];
}

export interface GrantReviewResult {
  grantId: string;
  decision: 'keep' | 'revoke';
  /** `kept` stamps the review; an external grant's keep is recorded and changes nothing in the cluster. */
  outcome: 'kept' | 'revoked' | 'planned';
  review?: GrantReviewStatus;
}

export interface GrantReviewResponse extends WriteResponse {
  results: GrantReviewResult[];
}

export type OffboardNamespaceResponse = WriteResponse;
export type RevokeGrantResponse = WriteResponse;
export type RemoveWorkloadIdentityResponse = WriteResponse;

export interface HealthResponse {
  status: 'ok';
}

export type AuditAction =
  | 'namespace.onboard'
  | 'namespace.offboard'
  | 'grant.create'
  | 'grant.delete'
  | 'grant.expire'
  | 'grant.review'
  | 'workload-identity.create'
  | 'workload-identity.delete'
  | 'access-request.create'
  | 'access-request.approve'
  | 'access-request.deny'
  | 'access-request.cancel'
  | 'access-request.expire';

/** What an audited operation acted on, by id, so a row can be followed to its object. */
export interface AuditSubject {
  requestId?: string;
  grantId?: string;
  /** The catalog ref or Entra object id access was given to or taken from. */
  principal?: string;
  level?: string;
  /** ISO 8601, as requested. */
  duration?: string;
  expiresAt?: string;
  decidedBy?: string;
  comment?: string;
  /** A workload identity: its managed identity's ARM id, and its ServiceAccount. */
  identity?: string;
  serviceAccount?: string;
  /** A review's decisions, one per grant. */
  decisions?: Array<{ grantId: string; decision: 'keep' | 'revoke' }>;
}

export interface AuditEvent {
  id: string;
  /** ISO time */
  at: string;
  /** User entity ref of whoever made the call. */
  actor: string;
  action: AuditAction;
  entityRef: string;
  cluster?: string;
  namespace?: string;
  dryRun: boolean;
  outcome: 'success' | 'failure';
  changes: Change[];
  subject: AuditSubject;
  error?: string;
}

export interface AuditListResponse {
  items: AuditEvent[];
}

export interface DryRunOptions {
  dryRun?: boolean;
}

export interface OffboardNamespaceOptions extends DryRunOptions {
  /** Also delete the namespace itself; otherwise only managed grants and identities go. */
  deleteNamespace?: boolean;
}
