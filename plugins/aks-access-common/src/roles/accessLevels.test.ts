import {
  ACCESS_LEVEL_MAPPINGS,
  ACCESS_LEVELS,
  grantLevelOfAzureRole,
  grantLevelOfClusterRole,
  isAccessLevel,
} from './accessLevels';

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

it.each([
  ['view', 'read'],
  ['edit', 'write'],
  ['admin', 'admin'],
  ['cluster-admin', 'cluster-admin'],
  ['payments-deployer', 'custom'],
])('grantLevelOfClusterRole(%s) is %s', (role, level) => {
  expect(grantLevelOfClusterRole(role)).toBe(level);
});

it.each([
  [
    '/providers/Microsoft.Authorization/roleDefinitions/7f6c6a51-bcf8-42ba-9220-52d62157d7db',
    'read',
  ],
  ['A7FFA36F-339B-4B5C-8BDF-E2C188B2C0EB', 'write'],
  ['3498e952-d568-435e-9b2c-8d77e338d7f7', 'admin'],
  ['b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b', 'cluster-admin'],
  ['4abbcc35-e782-43d8-92c5-2d3f1bd2253f', 'custom'],
])('grantLevelOfAzureRole(%s) is %s', (role, level) => {
  expect(grantLevelOfAzureRole(role)).toBe(level);
});
