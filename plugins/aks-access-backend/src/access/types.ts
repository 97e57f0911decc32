/*
 * The read path's response shapes (DESIGN §5).
 */

export type AccessLevel = 'read' | 'write' | 'admin' | 'cluster-admin' | 'custom';
export type AuthorizationMode = 'azure-rbac' | 'kubernetes-rbac';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface Finding {
  /** Stable across refreshes, so a UI can remember a dismissal. */
  id: string;
  type:
    | 'posture'
    | 'broken-identity'
    | 'drift'
    | 'over-broad'
    | 'fic-limit'
    | 'cluster-unavailable';
  severity: Severity;
  cluster?: string;
  namespace?: string;
  message: string;
  remediation?: string;
}

export interface Principal {
  kind: 'User' | 'Group' | 'ServicePrincipal' | 'ServiceAccount';
  id: string;
  displayName?: string;
  entityRef?: string;
  /** Why the principal is shown as a raw id. */
  hint?: string;
}

export interface Grant {
  id: string;
  principal: Principal;
  level: AccessLevel;
  role: string;
  source:
    | 'RoleBinding'
    | 'ClusterRoleBinding'
    | 'AzureRoleAssignment'
    | 'AadAdminGroup';
  scope: 'namespace' | 'cluster';
  managed: boolean;
  /** Where an Azure assignment sits when it is inherited (resource group, subscription). */
  inheritedFrom?: string;
}

export interface FederatedCredentialView {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  /** Matches this ServiceAccount on issuer, subject and audience. */
  matches: boolean;
}

export interface IdentityRoleAssignment {
  id: string;
  role: string;
  scope: string;
  managed: boolean;
}

export interface WorkloadIdentity {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  clientId: string;
  identity?: {
    id: string;
    name: string;
    principalId: string;
    managed: boolean;
    federatedCredentials: FederatedCredentialView[];
    roleAssignments: IdentityRoleAssignment[];
  };
  /** The SA can exchange its token for the identity's (all checks pass). */
  healthy: boolean;
}

export interface ClusterPosture {
  entraIntegration: boolean;
  azureRbac: boolean;
  localAccounts: boolean;
  oidcIssuer: { enabled: boolean; issuerURL?: string };
  workloadIdentity: boolean;
  kubernetesVersion?: string;
}

export interface ClusterStatus {
  cluster: string;
  state: 'ok' | 'stale' | 'unreachable';
  /** When the index last matched the cluster. */
  syncedAt?: string;
  /** Since when the cluster has not answered. */
  since?: string;
  message?: string;
}

export interface ClusterSummary {
  name: string;
  title: string;
  environment?: string;
  authorizationMode?: AuthorizationMode;
  posture?: ClusterPosture;
  findings: Finding[];
  status: ClusterStatus;
}

export interface NamespaceAccess {
  cluster: string;
  namespace: string;
  /** Which mapping rule put the namespace in the view. */
  mappedBy: Array<'kubernetes-id' | 'kubernetes-namespace' | 'aks-access-namespaces'>;
  grants: Grant[];
}

export interface EntityAccess {
  entityRef: string;
  namespaces: NamespaceAccess[];
  identities: WorkloadIdentity[];
  findings: Finding[];
  /** One entry per configured cluster, so a partial answer says what is missing. */
  clusters: ClusterStatus[];
  generatedAt: string;
}
