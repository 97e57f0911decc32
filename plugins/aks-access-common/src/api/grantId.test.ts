import { InputError } from '@backstage/errors';
import {
  decodeGrantId,
  encodeGrantId,
  GrantIdParts,
  parseGrantClaim,
} from './grantId';

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

describe('parseGrantClaim', () => {
  const CLUSTER =
    '/subscriptions/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu';
  const claim = (parts: GrantIdParts) => parseGrantClaim(encodeGrantId(parts));

  it('checks a RoleBinding id is <namespace>/<name>', () => {
    expect(
      claim({ cluster: 'aks-dev-neu', source: 'RoleBinding', id: 'ns/rb' }),
    ).toEqual({
      cluster: 'aks-dev-neu',
      source: 'RoleBinding',
      namespace: 'ns',
      name: 'rb',
    });
    for (const id of ['ns', 'ns/', 'ns/rb/x', '../rb', 'NS/rb', 'ns/r\\b']) {
      expect(() =>
        claim({ cluster: 'aks-dev-neu', source: 'RoleBinding', id }),
      ).toThrow(/a RoleBinding grant names <namespace>\/<name>/);
    }
  });

  it('names a ClusterRoleBinding as Kubernetes names RBAC objects: a path segment', () => {
    expect(
      claim({
        cluster: 'aks-dev-neu',
        source: 'ClusterRoleBinding',
        id: 'system:basic-user',
      }),
    ).toEqual({
      cluster: 'aks-dev-neu',
      source: 'ClusterRoleBinding',
      name: 'system:basic-user',
    });
    for (const id of ['', '.', '..', 'a/b']) {
      expect(() =>
        claim({ cluster: 'aks-dev-neu', source: 'ClusterRoleBinding', id }),
      ).toThrow(/a ClusterRoleBinding grant names the binding/);
    }
  });

  it('parses an Azure grant id with the one ARM id parser', () => {
    const id = `${CLUSTER}/namespaces/payments-api/providers/Microsoft.Authorization/roleAssignments/cdf5f5a8-d88d-566a-a716-736889298214`;
    const parsed = claim({
      cluster: 'aks-prod-weu',
      source: 'AzureRoleAssignment',
      id,
    });
    expect(parsed).toMatchObject({
      assignment: { scope: { id: `${CLUSTER}/namespaces/payments-api` } },
    });
    expect(() =>
      claim({
        cluster: 'aks-prod-weu',
        source: 'AzureRoleAssignment',
        id: `${CLUSTER}/namespaces/payments-api\\..\\../providers/Microsoft.Authorization/roleAssignments/cdf5f5a8-d88d-566a-a716-736889298214`,
      }),
    ).toThrow(/backslash/);
    expect(() =>
      claim({
        cluster: 'aks-prod-weu',
        source: 'AzureRoleAssignment',
        id: CLUSTER,
      }),
    ).toThrow(/roleAssignments\/<GUID>/);
    expect(() =>
      claim({ cluster: '../x', source: 'RoleBinding', id: 'ns/rb' }),
    ).toThrow(/is not a cluster name/);
  });
});
