import { InputError } from '@backstage/errors';
import { decodeGrantId, encodeGrantId, GrantIdParts } from './grantId';

describe('grant ids', () => {
  it.each<GrantIdParts>([
    {
      cluster: 'aks-dev-neu',
      source: 'RoleBinding',
      id: 'payments/aks-access-write-36de95c4',
    },
    {
      cluster: 'aks-prod-weu',
      source: 'AzureRoleAssignment',
      id: '/subscriptions/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu/namespaces/payments/providers/Microsoft.Authorization/roleAssignments/cdf5f5a8-d88d-566a-a716-736889298214',
    },
    { cluster: 'c', source: 'ClusterRoleBinding', id: 'naïve-ünïcode?&/' },
  ])('round-trips %j through a URL-safe id', parts => {
    const id = encodeGrantId(parts);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(id)).toBe(id);
    expect(decodeGrantId(id)).toEqual(parts);
  });

  it('is stable', () => {
    expect(
      encodeGrantId({ cluster: 'c', source: 'RoleBinding', id: 'ns/rb' }),
    ).toBe(
      'eyJjbHVzdGVyIjoiYyIsInNvdXJjZSI6IlJvbGVCaW5kaW5nIiwiaWQiOiJucy9yYiJ9',
    );
  });

  it.each([
    '',
    'not base64!',
    'bm90IGpzb24',
    // {"cluster":"c","source":"Secret","id":"x"}
    'eyJjbHVzdGVyIjoiYyIsInNvdXJjZSI6IlNlY3JldCIsImlkIjoieCJ9',
    // null
    'bnVsbA',
  ])('refuses %j with an InputError', id => {
    expect(() => decodeGrantId(id)).toThrow(InputError);
    expect(() => decodeGrantId(id)).toThrow('is not an aks-access grant id');
  });
});
