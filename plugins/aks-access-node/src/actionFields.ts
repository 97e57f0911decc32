import {
  ACCESS_LEVELS,
  accessLevelErrorMap,
  clusterNameSchema,
  entityRefSchema,
  federateInput,
  groupRefSchema,
  identityNameSchema,
  isoDurationSchema,
  MAX_JUSTIFICATION_LENGTH,
  operationFieldDescriptions as d,
  principalSchema,
  refineWith,
  requestPrincipalSchema,
  selfServiceNamespaceSchema,
  serviceAccountNameSchema,
  tierSchema,
} from '@aks-access/plugin-aks-access-common';
import type { z as zod } from 'zod/v3';

/*
 * The action fields, built with the zod the scaffolder and the actions
 * registry pass in (`z`) and checked with -common's rules through
 * `refineWith`, so that both kinds of action describe exactly what the REST
 * API accepts.
 */

/** The zod both hand in (`zod/v3` of zod 4), which this package depends on for its types. */
export type ActionZod = typeof zod;
type Z = ActionZod;

export const actionInputFields = {
  cluster: (z: Z) =>
    z.string().describe(d.cluster).superRefine(refineWith(clusterNameSchema)),
  namespace: (z: Z) =>
    z
      .string()
      .describe(d.namespace)
      .superRefine(refineWith(selfServiceNamespaceSchema)),
  entityRef: (z: Z) =>
    z.string().describe(d.entityRef).superRefine(refineWith(entityRefSchema)),
  owner: (z: Z) =>
    z.string().describe(d.owner).superRefine(refineWith(groupRefSchema)),
  tier: (z: Z) =>
    z.string().describe(d.tier).superRefine(refineWith(tierSchema)).optional(),
  principal: (z: Z) =>
    z.string().describe(d.principal).superRefine(refineWith(principalSchema)),
  requestPrincipal: (z: Z) =>
    z
      .string()
      .describe(
        'Who the access is for: yourself (user:default/<you>) or a catalog group you belong to',
      )
      .superRefine(refineWith(requestPrincipalSchema)),
  duration: (z: Z) =>
    z
      .string()
      .describe(
        'How long the access lasts, as an ISO 8601 duration (PT4H, P1D); the policy sets the limit per environment and level',
      )
      .superRefine(refineWith(isoDurationSchema)),
  justification: (z: Z) =>
    z
      .string()
      .min(1)
      .max(MAX_JUSTIFICATION_LENGTH)
      .describe('Why the access is needed; the approvers read it'),
  level: (z: Z) =>
    z.enum(ACCESS_LEVELS, { errorMap: accessLevelErrorMap }).describe(d.level),
  serviceAccount: (z: Z) =>
    z
      .string()
      .describe(d.serviceAccount)
      .superRefine(refineWith(serviceAccountNameSchema)),
  identityName: (z: Z) =>
    z
      .string()
      .describe(d.identityName)
      .superRefine(refineWith(identityNameSchema))
      .optional(),
  azureRoles: (z: Z) =>
    z
      .array(
        z.object({
          role: z
            .string()
            .describe(
              'Azure built-in role name (e.g. "Key Vault Secrets User") or role definition GUID; the policy lists the allowed ones',
            ),
          scope: z
            .string()
            .describe(
              'Azure resource id the role is assigned at; must match a scope the policy allows for the role',
            ),
        }),
      )
      .describe(d.azureRoles)
      .superRefine(refineWith(federateInput.shape.azureRoles))
      .optional(),
};

export const actionOutputFields = {
  changes: (z: Z) =>
    z
      .array(
        z.object({
          target: z
            .enum(['kubernetes', 'azure'])
            .describe('Where the change is made'),
          cluster: z
            .string()
            .optional()
            .describe('Cluster of a Kubernetes change'),
          kind: z
            .string()
            .describe(
              'Kubernetes kind or ARM resource type, e.g. RoleBinding or roleAssignments',
            ),
          namespace: z
            .string()
            .optional()
            .describe('Namespace of a namespaced Kubernetes object'),
          name: z.string().describe('Name of the object'),
          id: z.string().optional().describe('ARM id of an Azure change'),
          action: z
            .enum(['create', 'update', 'unchanged', 'delete'])
            .describe(
              'What was done, or on a dry run what would be done, to the object',
            ),
        }),
      )
      .describe(
        'The plan that was carried out (on a dry run: that would be carried out), one entry per object',
      ),
  cluster: (z: Z) => z.string().describe('The cluster the namespace is on'),
  namespace: (z: Z) => z.string().describe('The onboarded namespace'),
  serviceAccount: (z: Z) =>
    z
      .string()
      .describe('The ServiceAccount annotated with the identity client id'),
};
