import { ficNameSchema, identityNameSchema } from '../schemas/names';
import {
  aksClusterArmId,
  aksNamespaceScope,
  defaultIdentityName,
  ficName,
  roleAssignmentName,
  roleBindingName,
  serviceAccountSubject,
} from './deterministicNames';

const sub = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const prod = aksClusterArmId(sub, 'rg-aks-prod', 'aks-prod-weu');
const teamPayments = '36de95c4-6add-4d6b-93df-ab3071bc225f';

describe('roleAssignmentName', () => {
  // Vectors computed with the sandbox seed's own implementation
  // (packages/aks-sandbox/src/seed/uuidv5.ts), which must stay identical.
  it.each([
    [
      aksNamespaceScope(prod, 'payments'),
      `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb`,
      'cdf5f5a8-d88d-566a-a716-736889298214',
    ],
    [
      prod,
      '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
      '9727d145-4ab8-57eb-95ed-35d7292487fc',
    ],
  ])('names %s / %s', (scope, role, expected) => {
    expect(roleAssignmentName(scope, role, teamPayments)).toBe(expected);
  });

  it('ignores letter case and the form of the role id', () => {
    const guid = 'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb';
    expect(
      roleAssignmentName(
        prod.toUpperCase(),
        `/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
        teamPayments.toUpperCase(),
      ),
    ).toBe(roleAssignmentName(prod, guid, teamPayments));
  });

  it('differs per principal, role and scope', () => {
    const names = new Set([
      roleAssignmentName(prod, 'a', 'p1'),
      roleAssignmentName(prod, 'a', 'p2'),
      roleAssignmentName(prod, 'b', 'p1'),
      roleAssignmentName(`${prod}/namespaces/x`, 'a', 'p1'),
    ]);
    expect(names.size).toBe(4);
  });
});

it.each([
  ['write', teamPayments, 'aks-access-write-36de95c4'],
  ['read', teamPayments.toUpperCase(), 'aks-access-read-36de95c4'],
  ['admin', 'abc', 'aks-access-admin-abc'],
] as const)('roleBindingName(%s, %s) is %s', (level, principal, expected) => {
  expect(roleBindingName(level, principal)).toBe(expected);
});

describe('ficName', () => {
  it.each([
    [
      'aks-prod-weu',
      'payments',
      'payments-api',
      'fic-aks-prod-weu-payments-payments-api',
    ],
    ['aks_dev', 'checkout', 'api.v2', 'fic-aks_dev-checkout-api-v2'],
  ])('ficName(%s, %s, %s) is %s', (cluster, ns, sa, expected) => {
    expect(ficName(cluster, ns, sa)).toBe(expected);
  });

  it('cuts long names to 120 characters, keeping them distinct and valid', () => {
    const a = ficName('aks-prod-weu', 'payments', `${'a'.repeat(200)}-one`);
    const b = ficName('aks-prod-weu', 'payments', `${'a'.repeat(200)}-two`);
    expect(a).toHaveLength(120);
    expect(a).not.toBe(b);
    expect(ficNameSchema.safeParse(a).success).toBe(true);
    expect(ficName('aks-prod-weu', 'payments', `${'a'.repeat(200)}-one`)).toBe(
      a,
    );
  });
});

it.each([
  ['payments-api', 'id-payments-api'],
  ['web.frontend', 'id-web-frontend'],
  ['x'.repeat(200), `id-${'x'.repeat(125)}`],
])(
  'defaultIdentityName(%s) is %s and a valid identity name',
  (entityName, expected) => {
    expect(defaultIdentityName(entityName)).toBe(expected);
    expect(identityNameSchema.safeParse(expected).success).toBe(true);
  },
);

it('builds AKS ARM ids and namespace scopes', () => {
  expect(prod).toBe(
    `/subscriptions/${sub}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu`,
  );
  expect(aksNamespaceScope(`${prod}/`, 'payments')).toBe(
    `${prod}/namespaces/payments`,
  );
});

it('serviceAccountSubject is the token sub claim', () => {
  expect(serviceAccountSubject('payments', 'payments-api')).toBe(
    'system:serviceaccount:payments:payments-api',
  );
});
