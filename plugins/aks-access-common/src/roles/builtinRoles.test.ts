import fs from 'node:fs';
import path from 'node:path';
import {
  AKS_BUILTIN_ROLES,
  BUILTIN_ROLES,
  findBuiltinRole,
  roleDefinitionGuid,
  suggestBuiltinRoleName,
} from './builtinRoles';

const sourceRoles = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../data/builtin-roles.json'),
    'utf8',
  ),
).roles;

describe('BUILTIN_ROLES', () => {
  it('matches data/builtin-roles.json (regenerate with scripts/generate-builtin-roles.js)', () => {
    expect(BUILTIN_ROLES).toEqual(
      sourceRoles.map((r: Record<string, unknown>) => ({
        roleName: r.roleName,
        guid: r.name,
        actions: r.actions,
        notActions: r.notActions,
        dataActions: r.dataActions,
        notDataActions: r.notDataActions,
      })),
    );
  });

  it.each([
    [
      'rbacReader',
      'Azure Kubernetes Service RBAC Reader',
      '7f6c6a51-bcf8-42ba-9220-52d62157d7db',
    ],
    [
      'rbacWriter',
      'Azure Kubernetes Service RBAC Writer',
      'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb',
    ],
    [
      'rbacAdmin',
      'Azure Kubernetes Service RBAC Admin',
      '3498e952-d568-435e-9b2c-8d77e338d7f7',
    ],
    [
      'rbacClusterAdmin',
      'Azure Kubernetes Service RBAC Cluster Admin',
      'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b',
    ],
    [
      'clusterUser',
      'Azure Kubernetes Service Cluster User Role',
      '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
    ],
    [
      'clusterAdmin',
      'Azure Kubernetes Service Cluster Admin Role',
      '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8',
    ],
  ] as const)('AKS_BUILTIN_ROLES.%s is %s (%s)', (key, roleName, guid) => {
    expect(AKS_BUILTIN_ROLES[key]).toMatchObject({ roleName, guid });
  });
});

describe('findBuiltinRole', () => {
  const writer = 'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb';
  it.each([
    'Azure Kubernetes Service RBAC Writer',
    writer,
    writer.toUpperCase(),
    `/providers/Microsoft.Authorization/roleDefinitions/${writer}`,
    `/subscriptions/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f/providers/Microsoft.Authorization/roleDefinitions/${writer}`,
  ])('finds the RBAC Writer by %s', key => {
    expect(findBuiltinRole(key)?.guid).toBe(writer);
  });

  it.each([
    'Azure Kubernetes Service RBAC Writer Role',
    'azure kubernetes service rbac writer',
    '11111111-2222-3333-4444-555555555555',
    '',
  ])('finds nothing for %j', key => {
    expect(findBuiltinRole(key)).toBeUndefined();
  });
});

describe('suggestBuiltinRoleName', () => {
  it.each([
    [
      'Azure Kubernetes Service RBAC Writer Role',
      'Azure Kubernetes Service RBAC Writer',
    ],
    [
      'Azure Kubernetes Service RBAC Cluster Admin Role',
      'Azure Kubernetes Service RBAC Cluster Admin',
    ],
    [
      'Azure Kubernetes Service RBAC Viewer',
      'Azure Kubernetes Service RBAC Reader',
    ],
    ['key vault secrets user', 'Key Vault Secrets User'],
    ['Azure Kubernetes Service RBAC Writer', undefined],
    ['Contributor', undefined],
  ])('%j → %j', (name, suggestion) => {
    expect(suggestBuiltinRoleName(name)).toBe(suggestion);
  });
});

it('roleDefinitionGuid takes the last segment, lowercased', () => {
  expect(
    roleDefinitionGuid(
      '/providers/Microsoft.Authorization/roleDefinitions/ABC',
    ),
  ).toBe('abc');
});
