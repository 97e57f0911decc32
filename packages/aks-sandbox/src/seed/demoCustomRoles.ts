import type { CustomRoleDefinitionRecord, SandboxState } from '../state/types';
import {
  binding,
  putObject,
  putRoleAssignment,
  roleDefinitionId,
  seedId,
} from './builders';
import { DEMO_CLUSTERS, DEMO_GROUPS, DEMO_SUBSCRIPTION_ID } from './demoWorld';

/*
 * A custom role in each authorization mode, both for payments-oncall in
 * payments-api: without them every demo grant has a level read off its
 * role's name, and nothing shows that who-can and what-can answer a custom
 * role by its rules. Deployers roll deployments out and read pods and their
 * logs, but may not delete a deployment, exec, or read Secrets.
 */

const NAMESPACE = 'payments-api';

/** A namespaced Role on the Kubernetes RBAC cluster. */
export const DEMO_DEPLOYER_ROLE = 'payments-deployer';

const DATA = 'Microsoft.ContainerService/managedClusters';

/**
 * The Azure custom role on the Azure RBAC cluster. Its data actions are
 * ones the built-in AKS roles use (specs/azure/builtin-roles.json: the RBAC
 * Writer's `apps/deployments/*`, the RBAC Reader's `pods/read`); the delete
 * it takes back is guard's name for a deployment's delete verb
 * (docs/design.md §14).
 */
export const DEMO_DEPLOYER_AZURE_ROLE: CustomRoleDefinitionRecord = {
  roleName: 'Payments Deployer',
  name: seedId('customRoleDefinition:Payments Deployer'),
  description:
    'Rolls out deployments and reads pods and their logs; cannot delete a deployment.',
  assignableScopes: [`/subscriptions/${DEMO_SUBSCRIPTION_ID}`],
  permissions: [
    {
      actions: [],
      notActions: [],
      dataActions: [`${DATA}/apps/deployments/*`, `${DATA}/pods/read`],
      notDataActions: [`${DATA}/apps/deployments/delete`],
    },
  ],
};

export function seedCustomRoles(state: SandboxState): void {
  const deployers = DEMO_GROUPS.paymentsOncall.objectId;

  const dev = state.clusters[DEMO_CLUSTERS.dev.name];
  putObject(dev, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: DEMO_DEPLOYER_ROLE, namespace: NAMESPACE },
    rules: [
      {
        apiGroups: ['apps'],
        resources: ['deployments'],
        verbs: ['get', 'list', 'watch', 'update', 'patch'],
      },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ],
  });
  putObject(
    dev,
    binding(
      'RoleBinding',
      `${DEMO_DEPLOYER_ROLE}s`,
      NAMESPACE,
      { kind: 'Role', name: DEMO_DEPLOYER_ROLE },
      [{ kind: 'Group', name: deployers }],
    ),
  );

  const role = DEMO_DEPLOYER_AZURE_ROLE;
  state.customRoleDefinitions = {
    ...state.customRoleDefinitions,
    [role.name]: role,
  };
  const prod = state.clusters[DEMO_CLUSTERS.prod.name];
  const scope = `${prod.record.id}/namespaces/${NAMESPACE}`;
  const roleId = roleDefinitionId(DEMO_SUBSCRIPTION_ID, role.name);
  putRoleAssignment(state, {
    name: seedId(`${scope}|${roleId}|${deployers}`),
    scope,
    roleDefinitionId: roleId,
    principalId: deployers,
    principalType: 'Group',
  });
}
