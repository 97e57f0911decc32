import { aksClusterArmId } from '@aks-access/plugin-aks-access-common';
import { seededManagedNamespace } from '../arm/managedNamespaces';
import type { SandboxUrls } from '../context';
import { bootstrapPolicy } from '../kubernetes/bootstrapPolicy';
import {
  armLabels,
  defaultPolicyObject,
  defaultQuotaObject,
  defaultQuotaSpec,
} from '../kubernetes/managedNamespaceReconciler';
import type {
  ClusterState,
  ManagedNamespaceProperties,
  SandboxState,
  UserAssignedIdentityRecord,
} from '../state/types';
import {
  aggregateSeededRoles,
  binding,
  namespace,
  putObject,
  putRoleAssignment,
  randomToken,
  roleDefinitionId,
  rsaPrivateKeyPem,
  SEED_TIME,
  seedId,
} from './builders';
import {
  BUILTIN_ROLE_IDS,
  DEMO_ADMIN_APP,
  DEMO_CLUSTERS,
  DEMO_GROUPS,
  DEMO_IDENTITY_RESOURCE_GROUP,
  DEMO_KEYVAULT_SCOPE,
  DEMO_MANAGED_NAMESPACE,
  DEMO_SECOND_SUBSCRIPTION_ID,
  DEMO_SUBSCRIPTION_ID,
  DEMO_TENANT_ID,
  DEMO_TWIN_CLUSTER,
  DEMO_UPN_DOMAIN,
  DEMO_USERS,
  SANDBOX_OPERATOR_APP,
} from './demoWorld';
import {
  grantBackendAzureAccess,
  grantBackendClusterAccess,
  grantOperatorOwner,
} from './backendAccess';
import { roleAssignmentName } from './uuidv5';
import { seedCustomRoles } from './demoCustomRoles';

/*
 * The `demo` world: the catalog's people and teams, one azure-rbac and one
 * kubernetes-rbac cluster, and existing access of every kind — including one
 * drifted binding and one broken workload identity — so the product has
 * findings to show.
 */

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'aks-access' };
const ENTITY = 'aks-access.backstage.io/entity-ref';

export function userToken(name: string): string {
  return `sandbox-user-${name}`;
}

function clusterId(spec: ClusterSpec) {
  return aksClusterArmId(
    spec.subscriptionId ?? DEMO_SUBSCRIPTION_ID,
    spec.resourceGroup,
    spec.name,
  );
}

export interface ClusterSpec {
  name: string;
  /** Default: the demo's first subscription. */
  subscriptionId?: string;
  /** The cluster's key in the state, where its name is already taken. Default: its name. */
  key?: string;
  resourceGroup: string;
  location: string;
  kubernetesVersion: string;
  enableAzureRBAC: boolean;
  disableLocalAccounts: boolean;
  oidcIssuer: boolean;
  workloadIdentity: boolean;
  adminGroupObjectIDs: readonly string[];
}

/** A cluster as AKS creates it: the ARM record, its API server's bootstrap RBAC, namespaces and admin binding. */
export function newCluster(spec: ClusterSpec, urls: SandboxUrls): ClusterState {
  const key = spec.key ?? spec.name;
  const cluster: ClusterState = {
    record: {
      id: clusterId(spec),
      name: spec.name,
      location: spec.location,
      resourceGroup: spec.resourceGroup,
      subscriptionId: spec.subscriptionId ?? DEMO_SUBSCRIPTION_ID,
      kubernetesVersion: spec.kubernetesVersion,
      // AKS's public FQDN shape; clients reach the API server at urls.clusterApi(key).
      fqdn: `${spec.name}-dns-${seedId(key).slice(0, 8)}.hcp.${
        spec.location
      }.azmk8s.io`,
      enableRBAC: true,
      disableLocalAccounts: spec.disableLocalAccounts,
      aadProfile: {
        managed: true,
        enableAzureRBAC: spec.enableAzureRBAC,
        adminGroupObjectIDs: [...spec.adminGroupObjectIDs],
        tenantID: DEMO_TENANT_ID,
      },
      oidcIssuerProfile: {
        enabled: spec.oidcIssuer,
        issuerURL: urls.oidcIssuer(key),
      },
      workloadIdentityEnabled: spec.workloadIdentity,
    },
    signingKeyPem: rsaPrivateKeyPem(),
    resourceVersion: 0,
    objects: {},
    localAdminToken: randomToken(),
  };
  for (const object of bootstrapPolicy()) putObject(cluster, object);
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
    putObject(cluster, namespace(ns));
  // What AKS creates for aadProfile.adminGroupObjectIDs.
  putObject(
    cluster,
    binding(
      'ClusterRoleBinding',
      'aks-cluster-admin-binding-aad',
      undefined,
      { kind: 'ClusterRole', name: 'cluster-admin' },
      spec.adminGroupObjectIDs.map(name => ({ kind: 'Group' as const, name })),
    ),
  );
  aggregateSeededRoles(cluster);
  return cluster;
}

function identity(
  name: string,
  tags: Record<string, string>,
): UserAssignedIdentityRecord {
  return {
    id: `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/${DEMO_IDENTITY_RESOURCE_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    name,
    location: DEMO_CLUSTERS.prod.location,
    subscriptionId: DEMO_SUBSCRIPTION_ID,
    resourceGroup: DEMO_IDENTITY_RESOURCE_GROUP,
    tags,
    clientId: seedId(`client:${name}`),
    principalId: seedId(`principal:${name}`),
    tenantId: DEMO_TENANT_ID,
    federatedIdentityCredentials: [],
  };
}

export function addIdentity(
  state: SandboxState,
  record: UserAssignedIdentityRecord,
): void {
  state.identities[record.id.toLowerCase()] = record;
  state.directory.servicePrincipals.push({
    objectId: record.principalId,
    appId: record.clientId,
    displayName: record.name,
    createdAt: 0,
    managedIdentityId: record.id,
  });
}

export function addFederatedCredential(
  record: UserAssignedIdentityRecord,
  name: string,
  issuer: string,
  subject: string,
): void {
  record.federatedIdentityCredentials.push({
    id: `${record.id}/federatedIdentityCredentials/${name}`,
    name,
    issuer,
    subject,
    audiences: ['api://AzureADTokenExchange'],
  });
}

/** The tenant, directory and clusters with only what a new AKS cluster has: the `empty` seed. */
export function buildBaseState(urls: SandboxUrls): SandboxState {
  const { prod, dev } = DEMO_CLUSTERS;
  const g = DEMO_GROUPS;
  const users = Object.values(DEMO_USERS);
  const state: SandboxState = {
    version: 1,
    tenantId: DEMO_TENANT_ID,
    subscriptionId: DEMO_SUBSCRIPTION_ID,
    subscriptions: [DEMO_SUBSCRIPTION_ID, DEMO_SECOND_SUBSCRIPTION_ID],
    tenantSigningKeyPem: rsaPrivateKeyPem(),
    directory: {
      users: users.map(u => ({
        objectId: u.objectId,
        userPrincipalName: `${u.name}@${DEMO_UPN_DOMAIN}`,
        displayName: u.displayName,
        token: userToken(u.name),
      })),
      groups: Object.values(g).map(group => ({
        objectId: group.objectId,
        displayName: group.name,
        members: [
          ...users
            .filter(u => (u.groups as readonly string[]).includes(group.name))
            .map(u => u.objectId),
          ...Object.values(g)
            .filter(inner =>
              (
                (inner as { memberOf?: readonly string[] }).memberOf ?? []
              ).includes(group.name),
            )
            .map(inner => inner.objectId),
        ],
      })),
      apps: [DEMO_ADMIN_APP, SANDBOX_OPERATOR_APP].map(app => ({
        appId: app.appId,
        displayName: app.displayName,
        servicePrincipalId: app.servicePrincipalId,
        clientSecrets: [app.clientSecret],
      })),
      servicePrincipals: [DEMO_ADMIN_APP, SANDBOX_OPERATOR_APP].map(app => ({
        objectId: app.servicePrincipalId,
        appId: app.appId,
        displayName: app.displayName,
        createdAt: 0,
      })),
    },
    clusters: {
      [prod.name]: newCluster(prod, urls),
      [dev.name]: newCluster(dev, urls),
      [DEMO_TWIN_CLUSTER.key]: newCluster(DEMO_TWIN_CLUSTER, urls),
    },
    roleAssignments: {},
    identities: {},
  };
  grantOperatorOwner(state);
  grantBackendAzureAccess(state);
  for (const cluster of Object.values(state.clusters))
    grantBackendClusterAccess(state, cluster);
  return state;
}

export function buildDemoState(urls: SandboxUrls): SandboxState {
  const state = buildBaseState(urls);
  seedDevCluster(state.clusters[DEMO_CLUSTERS.dev.name]);
  seedProdCluster(state, urls);
  seedManagedNamespace(state);
  seedCustomRoles(state);
  return state;
}

/**
 * A managed namespace on the azure-rbac cluster, as the platform team (the
 * sandbox operator) created it through ARM: the resource, and what AKS's
 * reconciler made of it in the cluster. The demo catalog's payments-ledger
 * component maps to it by name (examples/entities.yaml).
 */
function seedManagedNamespace(state: SandboxState) {
  const cluster = state.clusters[DEMO_CLUSTERS.prod.name];
  const name = DEMO_MANAGED_NAMESPACE;
  const properties: ManagedNamespaceProperties = {
    labels: { team: 'payments' },
    annotations: { 'contoso.example/cost-center': 'payments' },
    defaultResourceQuota: {
      cpuRequest: '2000m',
      cpuLimit: '4000m',
      memoryRequest: '4Gi',
      memoryLimit: '8Gi',
    },
    defaultNetworkPolicy: { ingress: 'AllowSameNamespace', egress: 'AllowAll' },
    adoptionPolicy: 'Never',
    deletePolicy: 'Keep',
  };
  const record = seededManagedNamespace(
    DEMO_CLUSTERS.prod.name,
    cluster,
    name,
    properties,
    { 'cost-center': 'payments' },
    SANDBOX_OPERATOR_APP.appId,
    SEED_TIME,
  );
  state.managedNamespaces = { [record.id.toLowerCase()]: record };
  putObject(
    cluster,
    namespace(name, armLabels(properties), properties.annotations),
  );
  putObject(cluster, defaultQuotaObject(name, defaultQuotaSpec(properties)!));
  putObject(cluster, defaultPolicyObject(name, properties));
}

function paymentsApiNamespace() {
  return namespace(
    'payments-api',
    { 'backstage.io/kubernetes-id': 'payments-api', ...MANAGED_BY },
    {
      [ENTITY]: 'component:default/payments-api',
      'aks-access.backstage.io/owner': 'group:default/team-payments',
    },
  );
}

function managedWriteBinding(
  ns: string,
  groupOid: string,
  entityRef: string,
  extraSubjects: { kind: 'User'; name: string }[] = [],
) {
  const object = binding(
    'RoleBinding',
    `aks-access-write-${groupOid.slice(0, 8)}`,
    ns,
    { kind: 'ClusterRole', name: 'edit' },
    [{ kind: 'Group', name: groupOid }, ...extraSubjects],
    {
      ...MANAGED_BY,
      'aks-access.backstage.io/principal-id': groupOid,
      'aks-access.backstage.io/level': 'write',
    },
  );
  object.metadata.annotations = { [ENTITY]: entityRef };
  return object;
}

function seedDevCluster(cluster: ClusterState) {
  const g = DEMO_GROUPS;
  putObject(cluster, paymentsApiNamespace());
  putObject(
    cluster,
    namespace('payments-worker', {
      'backstage.io/kubernetes-id': 'payments-worker',
    }),
  );
  // Onboarded (by team-checkout) before aks-access managed its labels: an
  // entity to ask for access to, as alice, and to approve it for, as bob.
  putObject(
    cluster,
    namespace(
      'checkout-web',
      { 'backstage.io/kubernetes-id': 'checkout-web' },
      {
        [ENTITY]: 'component:default/checkout-web',
        'aks-access.backstage.io/owner': 'group:default/team-checkout',
      },
    ),
  );
  putObject(cluster, namespace('data-pipeline'));

  putObject(
    cluster,
    managedWriteBinding(
      'payments-api',
      g.teamPayments.objectId,
      'component:default/payments-api',
    ),
  );
  putObject(
    cluster,
    binding(
      'RoleBinding',
      'legacy-readers',
      'payments-api',
      { kind: 'ClusterRole', name: 'view' },
      [{ kind: 'Group', name: g.paymentsReaders.objectId }],
    ),
  );
  // Drift: someone added bob by hand to a binding aks-access manages.
  putObject(
    cluster,
    managedWriteBinding(
      'checkout-web',
      g.teamCheckout.objectId,
      'component:default/checkout-web',
      [{ kind: 'User', name: `bob@${DEMO_UPN_DOMAIN}` }],
    ),
  );
  putObject(cluster, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'pipeline-operator', namespace: 'data-pipeline' },
    rules: [
      { apiGroups: ['apps'], resources: ['*'], verbs: ['*'] },
      {
        apiGroups: [''],
        resources: ['pods', 'pods/log', 'configmaps'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  });
  putObject(
    cluster,
    binding(
      'RoleBinding',
      'pipeline-operators',
      'data-pipeline',
      { kind: 'Role', name: 'pipeline-operator' },
      [{ kind: 'Group', name: g.teamData.objectId }],
    ),
  );
  putObject(
    cluster,
    binding(
      'ClusterRoleBinding',
      'checkout-ci-cluster-admin',
      undefined,
      { kind: 'ClusterRole', name: 'cluster-admin' },
      [{ kind: 'Group', name: g.teamCheckout.objectId }],
    ),
  );
  putObject(
    cluster,
    binding(
      'ClusterRoleBinding',
      'authenticated-viewers',
      undefined,
      { kind: 'ClusterRole', name: 'view' },
      [{ kind: 'Group', name: 'system:authenticated' }],
    ),
  );
}

function seedProdCluster(state: SandboxState, urls: SandboxUrls) {
  const { prod, dev } = DEMO_CLUSTERS;
  const g = DEMO_GROUPS;
  const cluster = state.clusters[prod.name];
  const prodId = cluster.record.id;
  putObject(cluster, paymentsApiNamespace());
  putObject(cluster, namespace('checkout-api'));

  const managed =
    'managed-by: aks-access; entity: component:default/payments-api';
  const assign = (
    scope: string,
    role: string,
    principalId: string,
    principalType: 'Group' | 'ServicePrincipal',
    description?: string,
  ) => {
    const roleId = roleDefinitionId(DEMO_SUBSCRIPTION_ID, role);
    putRoleAssignment(state, {
      name: description
        ? roleAssignmentName(scope, roleId, principalId)
        : seedId(`${scope}|${roleId}|${principalId}`),
      scope,
      roleDefinitionId: roleId,
      principalId,
      principalType,
      ...(description ? { description } : {}),
    });
  };
  assign(
    `${prodId}/namespaces/payments-api`,
    BUILTIN_ROLE_IDS.rbacWriter,
    g.teamPayments.objectId,
    'Group',
    managed,
  );
  assign(
    prodId,
    BUILTIN_ROLE_IDS.clusterUser,
    g.teamPayments.objectId,
    'Group',
    managed,
  );
  assign(
    `${prodId}/namespaces/checkout-api`,
    BUILTIN_ROLE_IDS.rbacReader,
    g.teamCheckout.objectId,
    'Group',
  );
  assign(
    `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/${prod.resourceGroup}`,
    BUILTIN_ROLE_IDS.rbacReader,
    g.teamData.objectId,
    'Group',
  );

  const entityTags = {
    [ENTITY]: 'component:default/payments-api',
    'managed-by': 'aks-access',
  };
  const paymentsApi = identity('id-payments-api', entityTags);
  addFederatedCredential(
    paymentsApi,
    `fic-${prod.name}-payments-api`,
    urls.oidcIssuer(prod.name),
    'system:serviceaccount:payments-api:payments-api',
  );
  addIdentity(state, paymentsApi);
  assign(
    DEMO_KEYVAULT_SCOPE,
    BUILTIN_ROLE_IDS.keyVaultSecretsUser,
    paymentsApi.principalId,
    'ServicePrincipal',
    managed,
  );
  putObject(cluster, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: 'payments-api',
      namespace: 'payments-api',
      labels: { ...MANAGED_BY },
      annotations: {
        'azure.workload.identity/client-id': paymentsApi.clientId,
        'azure.workload.identity/tenant-id': DEMO_TENANT_ID,
      },
    },
  });

  // Broken on purpose: the FIC names the `default` ServiceAccount, the workload runs as `worker`.
  const worker = identity('id-payments-worker', {
    [ENTITY]: 'component:default/payments-worker',
  });
  addFederatedCredential(
    worker,
    `fic-${dev.name}-payments-worker`,
    urls.oidcIssuer(dev.name),
    'system:serviceaccount:payments-worker:default',
  );
  addIdentity(state, worker);
  putObject(state.clusters[dev.name], {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: 'worker',
      namespace: 'payments-worker',
      annotations: {
        'azure.workload.identity/client-id': worker.clientId,
        'azure.workload.identity/tenant-id': DEMO_TENANT_ID,
      },
    },
  });
}
