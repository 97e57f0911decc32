import { z } from 'zod/v3';
import {
  accessLevelSchema,
  azureRoleSchema,
  azureScopeSchema,
  clusterNameSchema,
  dryRunSchema,
  entityRefSchema,
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

/*
 * Bodies of the write routes (DESIGN §5). Strict, so that a misspelt field
 * (`namepsace`) is an error instead of silently falling back to a default.
 */

export const onboardNamespaceInput = z
  .object({
    cluster: clusterNameSchema,
    namespace: selfServiceNamespaceSchema,
    entityRef: entityRefSchema,
    owner: groupRefSchema,
    tier: tierSchema.optional(),
    dryRun: dryRunSchema.optional(),
  })
  .strict();

export const grantInput = z
  .object({
    cluster: clusterNameSchema,
    namespace: selfServiceNamespaceSchema,
    principal: principalSchema,
    level: accessLevelSchema,
    dryRun: dryRunSchema.optional(),
  })
  .strict();

export const azureRoleRequestSchema = z
  .object({ role: azureRoleSchema, scope: azureScopeSchema })
  .strict();

export const federateInput = z
  .object({
    cluster: clusterNameSchema,
    namespace: selfServiceNamespaceSchema,
    serviceAccount: serviceAccountNameSchema,
    entityRef: entityRefSchema,
    identityName: identityNameSchema.optional(),
    azureRoles: z.array(azureRoleRequestSchema).optional(),
    dryRun: dryRunSchema.optional(),
  })
  .strict();

/** Reading who may do what is harmless, so reserved namespaces are allowed here. */
export const checkAccessInput = z
  .object({
    cluster: clusterNameSchema,
    namespace: namespaceNameSchema,
    principal: principalSchema,
    verb: kubernetesVerbSchema,
    resource: kubernetesResourceSchema,
    group: kubernetesApiGroupSchema.optional(),
  })
  .strict();

export type OnboardNamespaceRequest = z.infer<typeof onboardNamespaceInput>;
export type GrantRequest = z.infer<typeof grantInput>;
export type AzureRoleRequest = z.infer<typeof azureRoleRequestSchema>;
export type FederateWorkloadIdentityRequest = z.infer<typeof federateInput>;
export type CheckAccessRequest = z.infer<typeof checkAccessInput>;
