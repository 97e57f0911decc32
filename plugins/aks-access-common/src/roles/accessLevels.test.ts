import {
  ACCESS_LEVEL_MAPPINGS,
  ACCESS_LEVELS,
  grantLevelOf,
  hasAksDataActions,
  isAccessLevel,
  KubernetesPolicyRule,
} from './accessLevels';
import { AKS_BUILTIN_ROLES, findBuiltinRole } from './builtinRoles';

describe('ACCESS_LEVEL_MAPPINGS', () => {
  it.each([
    [
      'read',
      'view',
      'Azure Kubernetes Service RBAC Reader',
      '7f6c6a51-bcf8-42ba-9220-52d62157d7db',
    ],
    [
      'write',
      'edit',
      'Azure Kubernetes Service RBAC Writer',
      'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb',
    ],
    [
      'admin',
      'admin',
      'Azure Kubernetes Service RBAC Admin',
      '3498e952-d568-435e-9b2c-8d77e338d7f7',
    ],
  ] as const)(
    '%s → ClusterRole %s / %s (%s)',
    (level, clusterRole, roleName, guid) => {
      const mapping = ACCESS_LEVEL_MAPPINGS[level];
      expect(mapping.clusterRole).toBe(clusterRole);
      expect(mapping.azureRole).toMatchObject({ roleName, guid });
      // namespace-scoped Kubernetes access is carried by data actions
      expect(mapping.azureRole.dataActions.length).toBeGreaterThan(0);
    },
  );

  it('covers exactly the self-service levels', () => {
    expect(Object.keys(ACCESS_LEVEL_MAPPINGS)).toEqual([...ACCESS_LEVELS]);
  });
});

it.each([
  ['read', true],
  ['admin', true],
  ['cluster-admin', false],
  [undefined, false],
])('isAccessLevel(%j) is %s', (value, expected) => {
  expect(isAccessLevel(value)).toBe(expected);
});

/** The rules of Kubernetes' own view/edit/admin ClusterRoles, as far as the levels look at them. */
const WORKLOAD_RESOURCES = ['pods', 'services', 'configmaps'];
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];
const VIEW: KubernetesPolicyRule[] = [
  { apiGroups: [''], resources: WORKLOAD_RESOURCES, verbs: READ },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: READ },
];
const EDIT: KubernetesPolicyRule[] = [
  ...VIEW,
  {
    apiGroups: [''],
    resources: [...WORKLOAD_RESOURCES, 'secrets'],
    verbs: WRITE,
  },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: WRITE },
];
const ADMIN: KubernetesPolicyRule[] = [
  ...EDIT,
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['roles', 'rolebindings'],
    verbs: [...READ, ...WRITE],
  },
];

describe('grantLevelOf a Kubernetes role', () => {
  it.each([
    ['view', VIEW, 'read'],
    ['edit', EDIT, 'write'],
    ['admin', ADMIN, 'admin'],
    [
      'cluster-admin',
      [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
      'cluster-admin',
    ],
    // reads everything, but also deletes pods: not read, not write
    [
      'a reader that deletes pods',
      [...VIEW, { apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
      'custom',
    ],
    // a wildcard verb on the core group is write, not cluster-admin
    [
      'a core-group wildcard',
      [
        { apiGroups: [''], resources: ['*'], verbs: ['*'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] },
      ],
      'write',
    ],
    ['no rules', [], 'custom'],
  ] as const)('%s is %s', (_name, rules, level) => {
    expect(grantLevelOf({ rules })).toBe(level);
  });

  it('judges a role by its rules, not by its name', () => {
    // A ClusterRole called "view" that can write is not read access.
    expect(grantLevelOf({ rules: EDIT })).not.toBe('read');
  });
});

describe('grantLevelOf an Azure role', () => {
  it.each([
    ['Azure Kubernetes Service RBAC Reader', 'read'],
    ['Azure Kubernetes Service RBAC Writer', 'write'],
    ['Azure Kubernetes Service RBAC Admin', 'admin'],
    ['Azure Kubernetes Service RBAC Cluster Admin', 'cluster-admin'],
    // the kubeconfig roles carry no data actions
    ['Azure Kubernetes Service Cluster Admin Role', 'cluster-admin'],
    ['Azure Kubernetes Service Cluster User Role', 'custom'],
  ])('%s is %s', (roleName, level) => {
    expect(grantLevelOf(findBuiltinRole(roleName)!)).toBe(level);
  });

  it('gives each self-service level for the role it assigns', () => {
    for (const level of ACCESS_LEVELS) {
      expect(grantLevelOf(ACCESS_LEVEL_MAPPINGS[level].azureRole)).toBe(level);
    }
  });

  it('knows the Cluster Admin Role by a full role definition id too', () => {
    expect(
      grantLevelOf({
        guid: `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${AKS_BUILTIN_ROLES.clusterAdmin.guid.toUpperCase()}`,
        dataActions: [],
        notDataActions: [],
      }),
    ).toBe('cluster-admin');
  });

  it('honours notDataActions', () => {
    const all = 'Microsoft.ContainerService/managedClusters/*';
    expect(
      grantLevelOf({ guid: 'custom', dataActions: [all], notDataActions: [] }),
    ).toBe('cluster-admin');
    expect(
      grantLevelOf({
        guid: 'custom',
        dataActions: [all],
        notDataActions: [
          'Microsoft.ContainerService/managedClusters/rbac.authorization.k8s.io/*',
        ],
      }),
    ).toBe('write');
  });

  it.each([
    [AKS_BUILTIN_ROLES.rbacReader, true],
    [AKS_BUILTIN_ROLES.clusterUser, false],
    [{ dataActions: ['*'] }, true],
    [
      { dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action'] },
      false,
    ],
  ])('hasAksDataActions(%#) is %s', (role, expected) => {
    expect(hasAksDataActions(role)).toBe(expected);
  });
});
