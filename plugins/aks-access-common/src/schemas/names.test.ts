import { z } from 'zod/v3';
import {
  accessLevelSchema,
  azureRoleSchema,
  azureScopeSchema,
  clusterNameSchema,
  createSelfServiceNamespaceSchema,
  entityRefSchema,
  ficNameSchema,
  groupRefSchema,
  identityNameSchema,
  kubernetesApiGroupSchema,
  kubernetesResourceSchema,
  kubernetesVerbSchema,
  namespaceNameSchema,
  principalSchema,
  selfServiceNamespaceSchema,
  serviceAccountNameSchema,
  tierSchema,
} from './names';

function messages(schema: z.ZodTypeAny, value: unknown): string {
  const result = schema.safeParse(value);
  return result.success
    ? ''
    : result.error.issues.map(i => i.message).join('; ');
}

describe('namespace schemas', () => {
  it.each(['a', 'payments', 'team-1', 'x'.repeat(63), '0abc'])(
    'accepts %s',
    name => {
      expect(namespaceNameSchema.safeParse(name).success).toBe(true);
      expect(selfServiceNamespaceSchema.safeParse(name).success).toBe(true);
    },
  );

  it.each([
    ['', 'DNS-1123 label'],
    ['Payments', 'DNS-1123 label'],
    ['-payments', 'DNS-1123 label'],
    ['payments-', 'DNS-1123 label'],
    ['pay_ments', 'DNS-1123 label'],
    ['pay.ments', 'DNS-1123 label'],
    ['x'.repeat(64), 'at most 63 characters'],
  ])('refuses %j naming the rule', (name, rule) => {
    expect(messages(namespaceNameSchema, name)).toContain(rule);
  });

  it.each([
    ['default', 'is reserved'],
    ['kube-system', 'reserved for Kubernetes'],
    ['kube-anything', 'reserved for Kubernetes'],
    ['gatekeeper-system', 'is reserved'],
    ['calico-system', 'is reserved'],
  ])('refuses reserved %s for self-service', (name, rule) => {
    expect(messages(selfServiceNamespaceSchema, name)).toContain(rule);
    expect(namespaceNameSchema.safeParse(name).success).toBe(true);
  });

  it('takes the reserved list from the policy', () => {
    const schema = createSelfServiceNamespaceSchema(['legacy']);
    expect(messages(schema, 'legacy')).toContain('reserved: legacy');
    expect(schema.safeParse('default').success).toBe(true);
    expect(messages(schema, 'kube-public')).toContain('kube-');
  });
});

describe('clusterNameSchema', () => {
  it.each(['a', 'aks-prod-weu', 'AKS_dev_1', 'x'.repeat(63)])(
    'accepts %s',
    name => expect(clusterNameSchema.safeParse(name).success).toBe(true),
  );
  it.each(['', '-aks', 'aks-', 'aks_', 'aks.prod', 'aks prod', 'x'.repeat(64)])(
    'refuses %j naming the AKS rule',
    name =>
      expect(messages(clusterNameSchema, name)).toContain(
        '1-63 characters of letters, digits, underscores and hyphens, starting and ending with a letter or digit',
      ),
  );
});

describe('serviceAccountNameSchema', () => {
  it.each(['default', 'payments-api', 'api.v2', 'a'])('accepts %s', name =>
    expect(serviceAccountNameSchema.safeParse(name).success).toBe(true),
  );
  it.each([
    ['Payments', 'DNS-1123 subdomain'],
    ['api..v2', 'DNS-1123 subdomain'],
    ['api_v2', 'DNS-1123 subdomain'],
    ['.api', 'DNS-1123 subdomain'],
    ['', 'DNS-1123 subdomain'],
    [`${`${'a'.repeat(63)}.`.repeat(4)}a`, 'at most 253'],
  ])('refuses %j', (name, rule) =>
    expect(messages(serviceAccountNameSchema, name)).toContain(rule),
  );
});

describe('ficNameSchema', () => {
  it.each(['abc', 'fic-aks-prod-weu-payments-api', 'A_b-9', 'x'.repeat(120)])(
    'accepts %s',
    name => expect(ficNameSchema.safeParse(name).success).toBe(true),
  );
  it.each(['ab', '-abc', '_abc', 'a.bc', 'a bc', 'x'.repeat(121)])(
    'refuses %j',
    name => expect(messages(ficNameSchema, name)).toContain('3-120 characters'),
  );
});

describe('identityNameSchema', () => {
  it.each(['id-payments', 'abc', 'Id_9', 'x'.repeat(128)])('accepts %s', name =>
    expect(identityNameSchema.safeParse(name).success).toBe(true),
  );
  it.each(['ab', '-id', 'id.payments', 'x'.repeat(129)])('refuses %j', name =>
    expect(messages(identityNameSchema, name)).toContain('3-128 characters'),
  );
});

describe('entity ref schemas', () => {
  it.each([
    'component:default/payments-api',
    'component:payments-api',
    'Component:team/x',
  ])('entityRef accepts %s', ref =>
    expect(entityRefSchema.safeParse(ref).success).toBe(true),
  );
  it.each([
    'payments-api',
    'component:default/',
    'component:default/bad name',
    '',
  ])('entityRef refuses %j', ref =>
    expect(messages(entityRefSchema, ref)).toContain('kind:namespace/name'),
  );

  it.each([
    'group:default/team-payments',
    'group:team-data',
    'Group:default/x',
  ])('owner accepts %s', ref =>
    expect(groupRefSchema.safeParse(ref).success).toBe(true),
  );
  it.each([
    'user:default/alice',
    'team-payments',
    '36de95c4-6add-4d6b-93df-ab3071bc225f',
  ])('owner refuses %j', ref =>
    expect(messages(groupRefSchema, ref)).toContain('catalog group ref'),
  );

  it.each([
    'group:default/team-payments',
    'user:default/alice',
    '36de95c4-6add-4d6b-93df-ab3071bc225f',
    '36DE95C4-6ADD-4D6B-93DF-AB3071BC225F',
  ])('principal accepts %s', p =>
    expect(principalSchema.safeParse(p).success).toBe(true),
  );
  it.each([
    'component:default/payments-api',
    'alice',
    'group:default/',
    '36de95c4-6add-4d6b-93df',
    'alice@contoso.example',
  ])('principal refuses %j', p =>
    expect(messages(principalSchema, p)).toContain(
      'catalog group or user ref (group:default/team-payments, user:default/alice) or an Entra object id (GUID)',
    ),
  );
});

describe('accessLevelSchema', () => {
  it.each(['read', 'write', 'admin'])('accepts %s', level =>
    expect(accessLevelSchema.parse(level)).toBe(level),
  );
  it('refuses cluster-admin saying self-service never grants it', () => {
    const message = messages(accessLevelSchema, 'cluster-admin');
    expect(message).toContain('self-service never grants cluster-admin');
    expect(message).toContain('read, write, admin');
  });
  it.each(['owner', 'Read', '', 3])(
    'refuses %j listing the allowed levels',
    level =>
      expect(messages(accessLevelSchema, level)).toBe(
        'level must be one of read, write, admin',
      ),
  );
});

describe('azureRoleSchema', () => {
  it.each([
    'Azure Kubernetes Service RBAC Writer',
    'Azure Kubernetes Service RBAC Reader',
    'Key Vault Secrets User',
    'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb',
    // custom roles are given by GUID
    '11111111-2222-3333-4444-555555555555',
  ])('accepts %s', role =>
    expect(azureRoleSchema.safeParse(role).success).toBe(true),
  );

  it.each([
    [
      'Azure Kubernetes Service RBAC Writer Role',
      'Azure Kubernetes Service RBAC Writer',
    ],
    [
      'Azure Kubernetes Service RBAC Reader Role',
      'Azure Kubernetes Service RBAC Reader',
    ],
    [
      'Azure Kubernetes Service RBAC Admin Role',
      'Azure Kubernetes Service RBAC Admin',
    ],
    [
      'Azure Kubernetes Service RBAC Viewer',
      'Azure Kubernetes Service RBAC Reader',
    ],
    [
      'azure kubernetes service rbac writer',
      'Azure Kubernetes Service RBAC Writer',
    ],
    [
      'Azure Kubernetes Service Cluster User',
      'Azure Kubernetes Service Cluster User Role',
    ],
  ])('refuses the mistaken %j naming %j', (role, correct) =>
    expect(messages(azureRoleSchema, role)).toBe(
      `role "${role}" is not an Azure built-in role; the correct name is "${correct}"`,
    ),
  );

  it('refuses an unknown name asking for the exact name or a GUID', () =>
    expect(messages(azureRoleSchema, 'Super Admin')).toContain(
      'give its exact name (e.g. "Key Vault Secrets User") or its role definition GUID',
    ));
});

describe('azureScopeSchema', () => {
  const sub = '/subscriptions/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
  it.each([
    sub,
    `${sub}/resourceGroups/rg-kv-payments`,
    `${sub}/resourceGroups/rg-kv-payments/providers/Microsoft.KeyVault/vaults/kv-payments`,
    `${sub}/resourcegroups/rg(1).x/providers/Microsoft.Storage/storageAccounts/st1/blobServices/default/containers/c1`,
  ])('accepts %s', scope =>
    expect(azureScopeSchema.safeParse(scope).success).toBe(true),
  );

  it.each([
    ['', 'it is empty'],
    ['/', 'must not end with "/"'],
    [`${sub}/`, 'must not end with "/"'],
    [
      '/providers/Microsoft.Management/managementGroups/mg',
      'must start with /subscriptions/',
    ],
    ['/subscriptions/not-a-guid', 'subscription id must be a GUID'],
    [`${sub}/resources/rg`, 'comes /providers/<Provider.Namespace>'],
    [`${sub}/resourceGroups/rg.`, "not ending in '.'"],
    [
      `${sub}/resourceGroups/rg/vaults/kv`,
      'comes /providers/<Provider.Namespace>',
    ],
    [
      `${sub}/resourceGroups/rg/providers/KeyVault/vaults/kv`,
      'not a provider namespace',
    ],
    [
      `${sub}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults`,
      'has no name after it',
    ],
    [
      `${sub}/resourceGroups/rg/providers/Microsoft.KeyVault`,
      '<type>/<name> pairs',
    ],
    [
      `${sub}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv%20x`,
      'it contains "%"',
    ],
    [
      `${sub}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/..`,
      'a "." or ".." segment',
    ],
  ])('refuses %j: %s', (scope, problem) => {
    const message = messages(azureScopeSchema, scope);
    expect(message).toContain(problem);
    expect(message).toContain(
      'It must have the form /subscriptions/<subscription GUID>',
    );
  });
});

describe('tier and access-review fields', () => {
  it.each([
    ['tierSchema', 'small', true, tierSchema],
    ['tierSchema', 'Large', false, tierSchema],
    ['kubernetesVerbSchema', 'get', true, kubernetesVerbSchema],
    ['kubernetesVerbSchema', '*', true, kubernetesVerbSchema],
    ['kubernetesVerbSchema', 'GET', false, kubernetesVerbSchema],
    ['kubernetesVerbSchema', 'get pods', false, kubernetesVerbSchema],
    ['kubernetesResourceSchema', 'pods', true, kubernetesResourceSchema],
    ['kubernetesResourceSchema', 'pods/log', true, kubernetesResourceSchema],
    ['kubernetesResourceSchema', '*', true, kubernetesResourceSchema],
    ['kubernetesResourceSchema', 'Pods', false, kubernetesResourceSchema],
    ['kubernetesResourceSchema', 'pods/', false, kubernetesResourceSchema],
    ['kubernetesApiGroupSchema', '', true, kubernetesApiGroupSchema],
    ['kubernetesApiGroupSchema', 'apps', true, kubernetesApiGroupSchema],
    [
      'kubernetesApiGroupSchema',
      'networking.k8s.io',
      true,
      kubernetesApiGroupSchema,
    ],
    ['kubernetesApiGroupSchema', 'Apps', false, kubernetesApiGroupSchema],
  ] as const)('%s %j valid: %s', (_name, value, ok, schema) =>
    expect(schema.safeParse(value).success).toBe(ok),
  );
});
