import { z } from 'zod/v3';
import {
  checkAccessInput,
  federateInput,
  grantInput,
  onboardNamespaceInput,
} from './operations';

const cluster = 'aks-prod-weu';
const entityRef = 'component:default/payments-api';

function refusal(schema: z.ZodTypeAny, input: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) return '';
  return result.error.issues
    .map(i => `${i.path.join('.')}: ${i.message}`)
    .join('; ');
}

describe('onboardNamespaceInput', () => {
  const valid = {
    cluster,
    namespace: 'payments',
    entityRef,
    owner: 'group:default/team-payments',
  };
  it.each([valid, { ...valid, tier: 'medium', dryRun: true }])(
    'accepts %j',
    input => expect(onboardNamespaceInput.parse(input)).toEqual(input),
  );
  it.each([
    [
      { ...valid, namespace: 'kube-system' },
      'namespace: namespace "kube-system" is refused',
    ],
    [
      { ...valid, owner: 'user:default/alice' },
      'owner: owner must be a catalog group ref',
    ],
    [
      { ...valid, cluster: 'aks prod' },
      'cluster: cluster must be an AKS cluster name',
    ],
    [
      { ...valid, namepsace: 'payments' },
      "Unrecognized key(s) in object: 'namepsace'",
    ],
    [{ ...valid, dryRun: 'yes' }, 'dryRun: Expected boolean'],
    [
      { cluster, namespace: 'payments', owner: valid.owner },
      'entityRef: Required',
    ],
  ])('refuses %j', (input, message) =>
    expect(refusal(onboardNamespaceInput, input)).toContain(message),
  );
});

describe('grantInput', () => {
  const valid = {
    cluster,
    namespace: 'payments',
    principal: 'group:default/team-payments',
    level: 'write',
  };
  it.each([
    valid,
    {
      ...valid,
      principal: '36de95c4-6add-4d6b-93df-ab3071bc225f',
      level: 'read',
      dryRun: false,
    },
  ])('accepts %j', input => expect(grantInput.parse(input)).toEqual(input));
  it.each([
    [
      { ...valid, level: 'cluster-admin' },
      'level: level cluster-admin is refused: self-service never grants cluster-admin',
    ],
    [
      { ...valid, namespace: 'default' },
      'namespace: namespace "default" is reserved',
    ],
    [
      { ...valid, principal: 'team-payments' },
      'principal: principal must be a catalog group or user ref',
    ],
    [{ ...valid, scope: 'cluster' }, "Unrecognized key(s) in object: 'scope'"],
  ])('refuses %j', (input, message) =>
    expect(refusal(grantInput, input)).toContain(message),
  );
});

describe('federateInput', () => {
  const kv =
    '/subscriptions/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-kv-payments/providers/Microsoft.KeyVault/vaults/kv-payments';
  const valid = {
    cluster,
    namespace: 'payments',
    serviceAccount: 'payments-api',
    entityRef,
  };
  it.each([
    valid,
    {
      ...valid,
      identityName: 'id-payments-api',
      azureRoles: [{ role: 'Key Vault Secrets User', scope: kv }],
      dryRun: true,
    },
  ])('accepts %j', input => expect(federateInput.parse(input)).toEqual(input));
  it.each([
    [
      {
        ...valid,
        azureRoles: [
          { role: 'Azure Kubernetes Service RBAC Writer Role', scope: kv },
        ],
      },
      'azureRoles.0.role: role "Azure Kubernetes Service RBAC Writer Role" is not an Azure built-in role; the correct name is "Azure Kubernetes Service RBAC Writer"',
    ],
    [
      {
        ...valid,
        azureRoles: [{ role: 'Key Vault Secrets User', scope: 'kv-payments' }],
      },
      'azureRoles.0.scope: Azure scope "kv-payments" is invalid',
    ],
    [
      { ...valid, azureRoles: [{ role: 'Reader', scope: kv, condition: 'x' }] },
      "Unrecognized key(s) in object: 'condition'",
    ],
    [
      { ...valid, serviceAccount: 'Payments_API' },
      'serviceAccount: serviceAccount must be a DNS-1123 subdomain',
    ],
    [
      { ...valid, identityName: 'id' },
      'identityName: identityName must be 3-128 characters',
    ],
  ])('refuses %j', (input, message) =>
    expect(refusal(federateInput, input)).toContain(message),
  );
});

describe('checkAccessInput', () => {
  const valid = {
    cluster,
    namespace: 'payments',
    principal: 'user:default/alice',
    verb: 'get',
    resource: 'pods',
  };
  it.each([
    valid,
    {
      ...valid,
      namespace: 'kube-system',
      resource: 'deployments',
      group: 'apps',
    },
    { ...valid, resource: 'pods/log', group: '' },
  ])('accepts %j', input =>
    expect(checkAccessInput.parse(input)).toEqual(input),
  );
  it.each([
    [{ ...valid, verb: 'GET' }, 'verb: verb must be a Kubernetes verb'],
    [
      { ...valid, namespace: 'Payments' },
      'namespace: namespace must be a DNS-1123 label',
    ],
    [{ ...valid, dryRun: true }, "Unrecognized key(s) in object: 'dryRun'"],
  ])('refuses %j', (input, message) =>
    expect(refusal(checkAccessInput, input)).toContain(message),
  );
});
