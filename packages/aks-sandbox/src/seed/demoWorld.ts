/*
 * The fixed identifiers of the `demo` seed. They match the catalog in
 * `examples/org.yaml` (graph.microsoft.com/* annotations), so that the
 * backend resolves sandbox principals to catalog entities exactly as it would
 * resolve real Entra object ids synced by the msgraph provider.
 */

export const DEMO_TENANT_ID = 'b3c9e1a2-5d4f-4e6a-9b8c-1d2e3f4a5b6c';
export const DEMO_SUBSCRIPTION_ID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
/**
 * A second business unit's subscription: a fleet is rarely one
 * subscription, and cluster names repeat across landing zones.
 */
export const DEMO_SECOND_SUBSCRIPTION_ID =
  '2b7e9a41-8c3d-4f5e-9a6b-7c8d9e0f1a2b';

/** Built-in role definition GUIDs the seeds assign (the same in every tenant; plugins/aks-access-common/data/builtin-roles.json). */
export const BUILTIN_ROLE_IDS = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  rbacAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  managedIdentityContributor: 'e40ec5ca-96e0-45a2-b4ff-59039f2c2b59',
  rbacReader: '7f6c6a51-bcf8-42ba-9220-52d62157d7db',
  rbacWriter: 'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb',
  rbacAdmin: '3498e952-d568-435e-9b2c-8d77e338d7f7',
  clusterUser: '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  namespaceContributor: '289d8817-ee69-43f1-a0af-43a45505b488',
  namespaceUser: 'c9f76ca8-b262-4b10-8ed2-09cf0948aa35',
};

/** The Backstage backend's own app registration (client credentials). */
export const DEMO_ADMIN_APP = {
  appId: 'f4dc9dfa-d9ec-44c4-a20e-a7368e71fcd5',
  displayName: 'backstage-aks-access',
  servicePrincipalId: 'e448935c-ac97-4cc8-bd65-8d32e169adc8',
  clientSecret: 'sandbox-admin-secret',
};

/**
 * The sandbox's own operator: Owner of the subscription, for tests and scripts
 * that set the world up through ARM as a subscription owner would. Not in the
 * catalog; the backend never uses it.
 */
export const SANDBOX_OPERATOR_APP = {
  appId: '8742108c-1069-4475-95c3-d0024575f3a9',
  displayName: 'sandbox-operator',
  servicePrincipalId: 'd2115c6b-ae35-4f7b-badf-e6178d824215',
  clientSecret: 'sandbox-operator-secret',
};

export const DEMO_GROUPS = {
  teamPayments: {
    name: 'team-payments',
    objectId: '36de95c4-6add-4d6b-93df-ab3071bc225f',
  },
  teamCheckout: {
    name: 'team-checkout',
    objectId: 'b5ce08fe-3d8c-4184-a084-91d4a6f02622',
  },
  teamData: {
    name: 'team-data',
    objectId: '4b1e2756-1f95-472c-a234-754215519abe',
  },
  platformAdmins: {
    name: 'platform-admins',
    objectId: '53d5d35d-9f22-4dee-99fd-da13f91ae52c',
  },
  paymentsReaders: {
    name: 'payments-readers',
    objectId: 'cbaa313f-1519-4a14-a894-b004123c46b2',
  },
  /** Nested inside team-payments in Entra; the catalog does not know that. */
  paymentsOncall: {
    name: 'payments-oncall',
    objectId: '7d1f6c2a-5b8e-4f0a-9c3d-2e6b8a4f1c90',
    memberOf: ['team-payments'],
  },
} as const;

export const DEMO_USERS = {
  alice: {
    name: 'alice',
    displayName: 'Alice Andersson',
    objectId: '3eb1d09d-7f20-4292-ac8e-520938b19906',
    groups: ['team-payments'],
  },
  bob: {
    name: 'bob',
    displayName: 'Bob Brandt',
    objectId: 'd9b4e298-6fff-4e3c-bbaa-a82c3679ba71',
    groups: ['team-checkout'],
  },
  carol: {
    name: 'carol',
    displayName: 'Carol Chen',
    objectId: 'ac4d9245-9a7c-4494-bd5f-8b15a8c8398d',
    groups: ['team-data'],
  },
  dave: {
    name: 'dave',
    displayName: 'Dave Diallo',
    objectId: '2ce34e56-8e12-49ff-8921-03ad52acf290',
    groups: ['platform-admins'],
  },
  erin: {
    name: 'erin',
    displayName: 'Erin Evans',
    objectId: '01e6a1e2-8467-4488-b072-df3100f4ad04',
    groups: ['payments-readers'],
  },
  /** Reaches team-payments' namespaces only through payments-oncall, two groups deep. */
  frank: {
    name: 'frank',
    displayName: 'Frank Fischer',
    objectId: '5a9e3c71-2d4b-4e8f-a6c0-9b1d7f3e2a58',
    groups: ['payments-oncall'],
  },
} as const;

export const DEMO_UPN_DOMAIN = 'contoso.example';

export const DEMO_CLUSTERS = {
  /** Entra + Azure RBAC, local accounts off, OIDC issuer and workload identity on */
  prod: {
    name: 'aks-prod-weu',
    resourceGroup: 'rg-aks-prod',
    location: 'westeurope',
    kubernetesVersion: '1.35.0',
    enableAzureRBAC: true,
    disableLocalAccounts: true,
    oidcIssuer: true,
    workloadIdentity: true,
    adminGroupObjectIDs: ['53d5d35d-9f22-4dee-99fd-da13f91ae52c'],
  },
  /** Entra with Kubernetes RBAC, local accounts enabled (a posture finding) */
  dev: {
    name: 'aks-dev-neu',
    resourceGroup: 'rg-aks-dev',
    location: 'northeurope',
    kubernetesVersion: '1.34.2',
    enableAzureRBAC: false,
    disableLocalAccounts: false,
    oidcIssuer: true,
    workloadIdentity: true,
    adminGroupObjectIDs: ['53d5d35d-9f22-4dee-99fd-da13f91ae52c'],
  },
} as const;

/**
 * In the second subscription, a cluster with the prod cluster's very name
 * and resource group: only its ARM id tells them apart (Azure/aks-desktop#895).
 * Its key in the sandbox (API server and issuer URLs) carries the
 * subscription's first eight characters.
 */
export const DEMO_TWIN_CLUSTER = {
  ...DEMO_CLUSTERS.prod,
  subscriptionId: DEMO_SECOND_SUBSCRIPTION_ID,
  key: `${DEMO_CLUSTERS.prod.name}-${DEMO_SECOND_SUBSCRIPTION_ID.slice(0, 8)}`,
} as const;

/** The managed namespace (ARM's managedNamespaces) of the demo's azure-rbac cluster. */
export const DEMO_MANAGED_NAMESPACE = 'payments-ledger';

/** Where workload identities live (the policy's workloadIdentity.resourceGroup). */
export const DEMO_IDENTITY_RESOURCE_GROUP = 'rg-aks-identities';
/** The resource groups of the vaults the demo policy's allowedRoles scopes (`rg-kv-*`) cover and the tests use. */
export const DEMO_KEYVAULT_RESOURCE_GROUPS = ['rg-kv-payments'];
export const DEMO_KEYVAULT_SCOPE = `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/rg-kv-payments/providers/Microsoft.KeyVault/vaults/kv-payments`;
