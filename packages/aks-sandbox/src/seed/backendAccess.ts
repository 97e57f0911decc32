import { subscriptionOf } from '../arm/scopes';
import { servedSubscriptions } from '../state/clusters';
import type { ClusterState, KubeObject, SandboxState } from '../state/types';
import {
  binding,
  putObject,
  putRoleAssignment,
  roleDefinitionId,
  seedId,
} from './builders';
import {
  BUILTIN_ROLE_IDS,
  DEMO_ADMIN_APP,
  DEMO_IDENTITY_RESOURCE_GROUP,
  DEMO_KEYVAULT_RESOURCE_GROUPS,
  DEMO_SUBSCRIPTION_ID,
  SANDBOX_OPERATOR_APP,
} from './demoWorld';

/*
 * What the platform team grants the backend, exactly as docs/production.md
 * §2 and §3 prescribe, so that everything running on the sandbox runs on least
 * privilege. These are the backend's own assignments, not grants it manages:
 * they carry no aks-access description.
 */

/**
 * The roles the demo policy lets the backend hand out: the AKS levels, the
 * Cluster User Role, the Namespace User Role (a managed namespace's
 * counterpart of the Cluster User Role, assigned at the managed namespace
 * with the levels, as the managed-namespaces how-to does), and allowedRoles.
 */
export const BACKEND_ASSIGNABLE_ROLES = [
  BUILTIN_ROLE_IDS.rbacReader,
  BUILTIN_ROLE_IDS.rbacWriter,
  BUILTIN_ROLE_IDS.rbacAdmin,
  BUILTIN_ROLE_IDS.clusterUser,
  BUILTIN_ROLE_IDS.namespaceUser,
  BUILTIN_ROLE_IDS.keyVaultSecretsUser,
];

/** Role Based Access Control Administrator's constrained-delegation condition over those roles. */
export const BACKEND_DELEGATION_CONDITION = (() => {
  const roles = BACKEND_ASSIGNABLE_ROLES.join(', ');
  return `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roles}})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roles}}))`;
})();

/** The ClusterRole of docs/production.md §3, rule for rule. */
export const BACKEND_CLUSTER_ROLE: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'backstage-aks-access' },
  rules: [
    {
      apiGroups: [''],
      resources: ['namespaces', 'serviceaccounts'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    },
    {
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: [
        'roles',
        'clusterroles',
        'rolebindings',
        'clusterrolebindings',
      ],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: [''],
      resources: ['resourcequotas', 'limitranges'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    },
    {
      apiGroups: ['networking.k8s.io'],
      resources: ['networkpolicies'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    },
    {
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: ['rolebindings'],
      verbs: ['create', 'update', 'patch', 'delete'],
    },
    {
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: ['clusterroles'],
      verbs: ['bind'],
      resourceNames: ['view', 'edit', 'admin'],
    },
    {
      apiGroups: ['authorization.k8s.io'],
      resources: ['subjectaccessreviews'],
      verbs: ['create'],
    },
  ],
};

function assign(
  state: SandboxState,
  scope: string,
  role: string,
  principalId: string,
  condition?: string,
) {
  const roleId = roleDefinitionId(
    subscriptionOf(scope) ?? DEMO_SUBSCRIPTION_ID,
    role,
  );
  putRoleAssignment(state, {
    name: seedId(`${scope}|${roleId}|${principalId}`),
    scope,
    roleDefinitionId: roleId,
    principalId,
    principalType: 'ServicePrincipal',
    ...(condition ? { condition, conditionVersion: '2.0' } : {}),
  });
}

/**
 * On one cluster: the constrained RBAC Administrator on its ARM resource
 * (it covers the managed namespaces below it), Namespace Contributor there
 * (create, update and delete its managed namespaces), and the ClusterRole
 * bound to the backend.
 */
export function grantBackendClusterAccess(
  state: SandboxState,
  cluster: ClusterState,
): void {
  const backend = DEMO_ADMIN_APP.servicePrincipalId;
  assign(
    state,
    cluster.record.id,
    BUILTIN_ROLE_IDS.rbacAdministrator,
    backend,
    BACKEND_DELEGATION_CONDITION,
  );
  assign(
    state,
    cluster.record.id,
    BUILTIN_ROLE_IDS.namespaceContributor,
    backend,
  );
  putObject(cluster, BACKEND_CLUSTER_ROLE);
  // AKS names applications by object id.
  putObject(
    cluster,
    binding(
      'ClusterRoleBinding',
      'backstage-aks-access',
      undefined,
      { kind: 'ClusterRole', name: 'backstage-aks-access' },
      [{ kind: 'User', name: backend }],
    ),
  );
}

/**
 * Outside the clusters: Reader on the subscription, the constrained RBAC
 * Administrator on the vaults' resource groups, Managed Identity Contributor
 * on the identities'. Reader is the subscription's, not each cluster's: the
 * access view lists the workload identities' role assignments wherever the
 * policy's scope patterns let them be made (`rg-kv-*` is no resource group
 * one could list at), and the identities themselves. It reads, nothing more.
 */
export function grantBackendAzureAccess(state: SandboxState): void {
  const backend = DEMO_ADMIN_APP.servicePrincipalId;
  const rg = (name: string) =>
    `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/${name}`;
  // Every subscription's: discovery lists each one's clusters.
  for (const subscription of servedSubscriptions(state)) {
    assign(
      state,
      `/subscriptions/${subscription}`,
      BUILTIN_ROLE_IDS.reader,
      backend,
    );
  }
  for (const name of DEMO_KEYVAULT_RESOURCE_GROUPS) {
    assign(
      state,
      rg(name),
      BUILTIN_ROLE_IDS.rbacAdministrator,
      backend,
      BACKEND_DELEGATION_CONDITION,
    );
  }
  // Identities live in each subscription's group of that name, as the
  // policy's workloadIdentity homes say per cluster or environment.
  for (const subscription of servedSubscriptions(state)) {
    assign(
      state,
      `/subscriptions/${subscription}/resourceGroups/${DEMO_IDENTITY_RESOURCE_GROUP}`,
      BUILTIN_ROLE_IDS.managedIdentityContributor,
      backend,
    );
  }
}

/** The sandbox operator owns the subscriptions. */
export function grantOperatorOwner(state: SandboxState): void {
  for (const subscription of servedSubscriptions(state)) {
    assign(
      state,
      `/subscriptions/${subscription}`,
      BUILTIN_ROLE_IDS.owner,
      SANDBOX_OPERATOR_APP.servicePrincipalId,
    );
  }
}
