import type {
  AccessRequest,
  ClusterSummary,
  EntityAccessResponse,
  EntityPeopleResponse,
  EntityViewerResponse,
  Grant,
} from '@aks-access/plugin-aks-access-common';
import type { Entity } from '@backstage/catalog-model';

/*
 * Shaped after the sandbox's demo seed: payments-api on two clusters, a
 * healthy identity next to a broken one (wrong FIC subject), an external
 * grant to a principal the catalog lacks, and cluster-wide admin grants.
 * Everything here is what the backend computed (levels, FIC mismatches,
 * identity health, cluster-wide grants once per cluster); the UI only shows it.
 */

export const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
};

export const PAYMENTS_API_REF = 'component:default/payments-api';

const TEAM_PAYMENTS_OID = '3f1c6a1e-0000-4000-8000-000000000001';
const UNKNOWN_OID = '9d2b7c44-0000-4000-8000-0000000000ff';

export const managedWriteGrant: Grant = {
  id: 'grant-team-payments-write',
  principal: {
    kind: 'Group',
    id: TEAM_PAYMENTS_OID,
    displayName: 'team-payments',
    entityRef: 'group:default/team-payments',
  },
  level: 'write',
  role: 'edit',
  source: 'RoleBinding',
  scope: 'namespace',
  managed: true,
  createdAt: '2026-09-01T08:00:00.000Z',
  review: {
    lastReviewedAt: '2026-10-01T09:00:00.000Z',
    reviewedBy: 'user:default/carol',
    dueAt: '2026-12-30T09:00:00.000Z',
    overdue: false,
  },
};

export const externalReadGrant: Grant = {
  id: 'grant-legacy-readers',
  principal: { kind: 'Group', id: UNKNOWN_OID },
  level: 'read',
  role: 'view',
  source: 'RoleBinding',
  scope: 'namespace',
  managed: false,
  // Never reviewed, and made long ago: overdue.
  review: { dueAt: '2026-06-01T00:00:00.000Z', overdue: true },
};

export const clusterAdminGrant: Grant = {
  id: 'grant-checkout-ci-cluster-admin',
  principal: {
    kind: 'Group',
    id: '3f1c6a1e-0000-4000-8000-000000000002',
    displayName: 'team-checkout',
    entityRef: 'group:default/team-checkout',
  },
  level: 'cluster-admin',
  role: 'cluster-admin',
  source: 'ClusterRoleBinding',
  scope: 'cluster',
  managed: false,
};

const azureWriterGrant: Grant = {
  id: 'grant-azure-writer',
  principal: managedWriteGrant.principal,
  level: 'write',
  role: 'Azure Kubernetes Service RBAC Writer',
  source: 'AzureRoleAssignment',
  scope: 'namespace',
  managed: true,
  review: { dueAt: '2027-01-15T00:00:00.000Z', overdue: false },
};

/** From an approved access request: ends by itself, and is not recertified. */
export const timeBoundGrant: Grant = {
  id: 'grant-alice-write-until',
  principal: {
    kind: 'User',
    id: '3f1c6a1e-0000-4000-8000-0000000000a1',
    displayName: 'alice',
    entityRef: 'user:default/alice',
  },
  level: 'write',
  role: 'edit',
  source: 'RoleBinding',
  scope: 'namespace',
  managed: true,
  createdAt: '2026-11-28T08:00:00.000Z',
  expiresAt: '2026-11-28T12:00:00.000Z',
};

// Managed, but cluster-wide: the page must not offer to revoke it.
const clusterUserGrant: Grant = {
  id: 'grant-cluster-user',
  principal: managedWriteGrant.principal,
  level: 'custom',
  role: 'Azure Kubernetes Service Cluster User Role',
  source: 'AzureRoleAssignment',
  scope: 'cluster',
  managed: true,
};

const adminGroupGrant: Grant = {
  id: 'grant-aad-admins',
  principal: {
    kind: 'Group',
    id: '3f1c6a1e-0000-4000-8000-000000000003',
    displayName: 'platform-admins',
    entityRef: 'group:default/platform-admins',
  },
  level: 'cluster-admin',
  role: 'cluster-admin',
  source: 'AadAdminGroup',
  scope: 'cluster',
  managed: false,
};

export const clusters: ClusterSummary[] = [
  {
    name: 'aks-dev-weu',
    armId:
      '/subscriptions/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-aks-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev-weu',
    subscriptionId: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
    title: 'Dev (West Europe)',
    environment: 'dev',
    authorizationMode: 'kubernetes-rbac',
    namespaceProvisioning: 'kubernetes',
    posture: {
      entraIntegration: true,
      azureRbac: false,
      localAccountsDisabled: false,
      oidcIssuerEnabled: true,
      oidcIssuerUrl: 'https://oidc.example/aks-dev-weu/',
      workloadIdentityEnabled: true,
      kubernetesVersion: '1.35.0',
    },
    findings: [],
  },
  {
    name: 'aks-prod-weu',
    armId:
      '/subscriptions/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu',
    subscriptionId: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
    title: 'Prod (West Europe)',
    environment: 'prod',
    authorizationMode: 'azure-rbac',
    namespaceProvisioning: 'managedNamespace',
    posture: {
      entraIntegration: true,
      azureRbac: true,
      localAccountsDisabled: true,
      oidcIssuerEnabled: true,
      oidcIssuerUrl: 'https://oidc.example/aks-prod-weu/',
      workloadIdentityEnabled: true,
      kubernetesVersion: '1.35.0',
    },
    findings: [],
  },
];

const issuer = 'https://oidc.example/aks-prod-weu/';
const audience = 'api://AzureADTokenExchange';

export const access: EntityAccessResponse = {
  entityRef: PAYMENTS_API_REF,
  namespaces: [
    {
      cluster: 'aks-dev-weu',
      namespace: 'payments-api',
      grants: [managedWriteGrant, externalReadGrant],
    },
    {
      cluster: 'aks-prod-weu',
      namespace: 'payments-api',
      managedByArm: true,
      managedNamespace: {
        provisioningState: 'Succeeded',
        defaultResourceQuota: {
          cpuRequest: '2000m',
          cpuLimit: '4000m',
          memoryRequest: '4Gi',
          memoryLimit: '8Gi',
        },
        defaultNetworkPolicy: {
          ingress: 'AllowSameNamespace',
          egress: 'AllowAll',
        },
        adoptionPolicy: 'IfIdentical',
        deletePolicy: 'Keep',
      },
      grants: [azureWriterGrant],
    },
  ],
  clusterGrants: [
    { cluster: 'aks-dev-weu', grants: [clusterAdminGrant] },
    { cluster: 'aks-prod-weu', grants: [clusterUserGrant, adminGroupGrant] },
  ],
  identities: [
    {
      cluster: 'aks-prod-weu',
      namespace: 'payments-api',
      serviceAccount: 'payments-api',
      clientId: 'client-healthy',
      identity: {
        clientId: 'client-healthy',
        principalId: 'principal-healthy',
        id: '/subscriptions/s/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-payments-api',
        name: 'id-payments-api',
        resourceGroup: 'rg-identities',
      },
      fics: [
        {
          name: 'aks-prod-weu-payments-api',
          issuer,
          subject: 'system:serviceaccount:payments-api:payments-api',
          audiences: [audience],
          checks: {
            issuer: { ok: true, expected: issuer, actual: issuer },
            subject: {
              ok: true,
              expected: 'system:serviceaccount:payments-api:payments-api',
              actual: 'system:serviceaccount:payments-api:payments-api',
            },
            audience: { ok: true, expected: audience, actual: audience },
          },
          mismatches: [],
        },
      ],
      azureRoles: [
        {
          id: '/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/ra1',
          role: 'Key Vault Secrets User',
          roleDefinitionId: '4633458b-17de-408a-b874-0445c86b69e6',
          scope:
            '/subscriptions/s/resourceGroups/rg-kv-payments/providers/Microsoft.KeyVault/vaults/kv-payments',
          managed: true,
        },
      ],
      managed: true,
      health: { status: 'healthy', reasons: [] },
    },
    {
      cluster: 'aks-prod-weu',
      namespace: 'payments-api',
      serviceAccount: 'settlement',
      clientId: 'client-broken',
      identity: {
        clientId: 'client-broken',
        principalId: 'principal-broken',
        id: '/subscriptions/s/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-settlement',
        name: 'id-settlement',
        resourceGroup: 'rg-identities',
      },
      fics: [
        {
          name: 'wrong-subject',
          issuer,
          subject: 'system:serviceaccount:payments-api:default',
          audiences: [audience],
          checks: {
            issuer: { ok: true, expected: issuer, actual: issuer },
            subject: {
              ok: false,
              expected: 'system:serviceaccount:payments-api:settlement',
              actual: 'system:serviceaccount:payments-api:default',
            },
            audience: { ok: true, expected: audience, actual: audience },
          },
          mismatches: [
            'subject is system:serviceaccount:payments-api:default, expected system:serviceaccount:payments-api:settlement',
          ],
        },
      ],
      azureRoles: [],
      managed: false,
      health: {
        status: 'broken',
        reasons: [
          {
            link: 'fic',
            message:
              'No federated credential on id-settlement matches: token exchange fails with AADSTS70021',
            findingId: 'f-high',
          },
        ],
      },
    },
  ],
  findings: [
    {
      id: 'f-low',
      severity: 'low',
      kind: 'fic-limit',
      cluster: 'aks-dev-weu',
      namespace: 'payments-api',
      title: 'Identity id-payments-api has 16 of 20 federated credentials',
      detail: 'Entra allows at most 20 FICs per user-assigned identity.',
      remediation: 'Remove FICs that no longer serve a workload.',
    },
    {
      id: 'f-critical',
      severity: 'critical',
      kind: 'over-broad',
      cluster: 'aks-dev-weu',
      title: 'team-checkout holds cluster-admin',
      detail:
        'ClusterRoleBinding checkout-ci-cluster-admin binds cluster-admin.',
      remediation:
        'kubectl delete clusterrolebinding checkout-ci-cluster-admin',
    },
    {
      id: 'f-high',
      severity: 'high',
      kind: 'broken-link',
      cluster: 'aks-prod-weu',
      namespace: 'payments-api',
      title: 'settlement cannot reach Azure',
      detail: 'No FIC matches the subject.',
      remediation: 'Run the federation template for settlement.',
    },
  ],
  clusters: [
    { name: 'aks-dev-weu', status: { reachable: true } },
    { name: 'aks-prod-weu', status: { reachable: true } },
  ],
  generatedAt: '2026-11-28T10:00:00.000Z',
};

/** The viewer in tests (mockApis.identity's default user). */
export const VIEWER_REF = 'user:default/test';

export const pendingRequest: AccessRequest = {
  id: '6f0b5a6e-1c1a-4d7e-9a51-000000000001',
  entityRef: PAYMENTS_API_REF,
  cluster: 'aks-dev-weu',
  namespace: 'payments-api',
  principal: 'user:default/alice',
  level: 'write',
  duration: 'PT4H',
  justification: 'Debug the settlement incident INC-1234',
  requester: 'user:default/alice',
  state: 'pending',
  createdAt: '2026-11-28T09:30:00.000Z',
  pendingUntil: '2026-11-29T09:30:00.000Z',
};

export const approvedRequest: AccessRequest = {
  id: '6f0b5a6e-1c1a-4d7e-9a51-000000000002',
  entityRef: PAYMENTS_API_REF,
  cluster: 'aks-prod-weu',
  namespace: 'payments-api',
  principal: 'group:default/team-checkout',
  level: 'read',
  duration: 'P1D',
  justification: 'Read the ledger logs for the checkout migration',
  requester: 'user:default/bob',
  state: 'approved',
  createdAt: '2026-11-28T07:00:00.000Z',
  decidedAt: '2026-11-28T07:10:00.000Z',
  decidedBy: 'user:default/carol',
  comment: 'ok for today',
  grantId: 'grant-team-checkout-read-until',
  expiresAt: '2026-11-29T07:10:00.000Z',
};

export const deniedRequest: AccessRequest = {
  id: '6f0b5a6e-1c1a-4d7e-9a51-000000000003',
  entityRef: PAYMENTS_API_REF,
  cluster: 'aks-prod-weu',
  namespace: 'payments-api',
  principal: 'user:default/dave',
  level: 'admin',
  duration: 'P7D',
  justification: 'Want to look around',
  requester: 'user:default/dave',
  state: 'denied',
  createdAt: '2026-11-27T10:00:00.000Z',
  decidedAt: '2026-11-27T11:00:00.000Z',
  decidedBy: 'user:default/carol',
  comment: 'admin on prod needs a change ticket',
};

/** What the entity's Requests panel lists. */
export const entityRequests: AccessRequest[] = [
  pendingRequest,
  approvedRequest,
  deniedRequest,
];

/** The viewer's own requests, on this entity and another. */
export const myRequests: AccessRequest[] = [
  {
    ...pendingRequest,
    id: '6f0b5a6e-1c1a-4d7e-9a51-000000000011',
    principal: VIEWER_REF,
    requester: VIEWER_REF,
    justification: 'On call this week',
  },
  {
    ...approvedRequest,
    id: '6f0b5a6e-1c1a-4d7e-9a51-000000000012',
    entityRef: 'component:default/checkout-web',
    cluster: 'aks-dev-weu',
    namespace: 'checkout-web',
    principal: VIEWER_REF,
    requester: VIEWER_REF,
  },
  {
    ...deniedRequest,
    id: '6f0b5a6e-1c1a-4d7e-9a51-000000000013',
    principal: VIEWER_REF,
    requester: VIEWER_REF,
  },
];

const TEAM_PAYMENTS = {
  kind: 'Group' as const,
  id: '36de95c4-6add-4d6b-93df-ab3071bc225f',
  displayName: 'Team Payments',
  entityRef: 'group:default/team-payments',
};

const WRITER_WHERE = [{ cluster: 'aks-prod-weu', namespace: 'payments-api' }];

/** Frank reaches payments-api through payments-oncall, nested in team-payments; the RBAC Writer lets him read its Secrets and exec. */
export const people: EntityPeopleResponse = {
  entityRef: 'component:default/payments-api',
  items: [
    {
      user: {
        kind: 'User',
        id: '5a9e3c71-2d4b-4e8f-a6c0-9b1d7f3e2a58',
        displayName: 'Frank Fischer',
        entityRef: 'user:default/frank',
        userPrincipalName: 'frank@contoso.example',
      },
      highestLevel: 'write',
      namespaces: [
        {
          cluster: 'aks-prod-weu',
          namespace: 'payments-api',
          level: 'write',
          paths: [
            {
              grantId: 'grant-1',
              source: 'AzureRoleAssignment',
              level: 'write',
              role: 'Azure Kubernetes Service RBAC Writer',
              scope: 'namespace',
              principal: TEAM_PAYMENTS,
              via: [
                {
                  kind: 'Group',
                  id: '7d1f6c2a-5b8e-4f0a-9c3d-2e6b8a4f1c90',
                  displayName: 'Payments On-call',
                  entityRef: 'group:default/payments-oncall',
                },
                TEAM_PAYMENTS,
              ],
            },
          ],
        },
      ],
      sensitivePermissions: [
        {
          permission: 'read-secrets',
          expected: false,
          namespaces: WRITER_WHERE,
        },
        {
          permission: 'list-secrets',
          expected: false,
          namespaces: WRITER_WHERE,
        },
        { permission: 'exec', expected: false, namespaces: WRITER_WHERE },
        {
          permission: 'create-pods',
          expected: false,
          namespaces: WRITER_WHERE,
        },
      ],
    },
  ],
  totalCount: 60,
  offset: 0,
  limit: 25,
  nextOffset: 25,
  membership: {
    source: 'graph',
    refreshedAt: '2026-12-02T10:00:00.000Z',
    users: 7,
    groups: 6,
  },
  generatedAt: '2026-12-02T10:00:00.000Z',
};

/**
 * The viewer (user:default/test) on payments-api, as the backend computes it:
 * not an owner, writes on the dev namespace through a group, may ask for the
 * prod one only for team-payments, which the policy allows.
 */
export const viewer: EntityViewerResponse = {
  entityRef: PAYMENTS_API_REF,
  user: { entityRef: VIEWER_REF, displayName: 'Test User' },
  owner: false,
  approver: false,
  namespaces: [
    {
      cluster: 'aks-dev-weu',
      namespace: 'payments-api',
      level: 'write',
      request: {
        allowed: false,
        reason: 'You already have write access here.',
      },
    },
    {
      cluster: 'aks-prod-weu',
      namespace: 'payments-api',
      request: {
        allowed: true,
        principals: [
          {
            entityRef: 'group:default/team-payments',
            kind: 'Group',
            displayName: 'Team Payments',
          },
          { entityRef: VIEWER_REF, kind: 'User', displayName: 'Test User' },
        ],
        levels: ['read', 'write'],
      },
    },
  ],
  generatedAt: '2026-11-28T10:00:00.000Z',
};

/** The same entity seen by one of its owners, who also decides its requests. */
export const ownerViewer: EntityViewerResponse = {
  ...viewer,
  owner: true,
  approver: true,
  namespaces: viewer.namespaces.map(ns => ({
    ...ns,
    level: 'admin',
    request: { allowed: false, reason: 'You own this service.' },
  })),
};
