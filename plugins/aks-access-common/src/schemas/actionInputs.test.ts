import { z } from 'zod/v3';
import { ACCESS_LEVELS } from '../roles/accessLevels';
import {
  accessLevelErrorMap,
  operationFieldDescriptions,
  refineWith,
} from './actionInputs';
import { azureRoleRequestSchema } from './operations';
import { clusterNameSchema } from './names';
import { federateInput, grantInput, onboardNamespaceInput } from './operations';

// Stands in for the scaffolder's own zod: the helpers must not need our schema types.
function errors(schema: z.ZodTypeAny, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map(i => i.message);
}

describe('refineWith', () => {
  const cluster = z.string().superRefine(refineWith(clusterNameSchema));
  const roles = z
    .array(z.unknown())
    .superRefine(refineWith(z.array(azureRoleRequestSchema)));

  it.each([
    [cluster, 'aks-prod-weu', []],
    [
      cluster,
      'aks prod',
      [expect.stringContaining('cluster must be an AKS cluster name')],
    ],
    [roles, [], []],
    [
      roles,
      [
        {
          role: 'Azure Kubernetes Service RBAC Reader Role',
          scope: '/subscriptions/x',
        },
      ],
      [
        '0.role: role "Azure Kubernetes Service RBAC Reader Role" is not an Azure built-in role; the correct name is "Azure Kubernetes Service RBAC Reader"',
        expect.stringContaining(
          '0.scope: Azure scope "/subscriptions/x" is invalid',
        ),
      ],
    ],
  ])(
    '%#: reports the rule of the borrowed schema',
    (schema, value, expected) => {
      expect(errors(schema, value)).toEqual(expected);
    },
  );
});

describe('accessLevelErrorMap', () => {
  const level = z.enum(ACCESS_LEVELS, { errorMap: accessLevelErrorMap });
  it.each([
    ['write', []],
    [
      'cluster-admin',
      [expect.stringContaining('self-service never grants cluster-admin')],
    ],
    ['owner', ['level must be one of read, write, admin']],
  ])('%j', (value, expected) => {
    expect(errors(level, value)).toEqual(expected);
  });
});

it('describes every field of the action inputs', () => {
  const fields = [onboardNamespaceInput, grantInput, federateInput].flatMap(s =>
    Object.keys(s.shape).filter(key => key !== 'dryRun'),
  );
  expect(Object.keys(operationFieldDescriptions).sort()).toEqual(
    [...new Set(fields)].sort(),
  );
});
