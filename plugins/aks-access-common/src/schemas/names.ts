import { z } from 'zod/v3';
import { DEFAULT_RESERVED_NAMESPACES } from '../constants';
import { ACCESS_LEVELS } from '../roles/accessLevels';
import {
  findBuiltinRole,
  isGuid,
  suggestBuiltinRoleName,
} from '../roles/builtinRoles';
import { accessLevelErrorMap } from './actionInputs';
import { parseArmId } from '../arm/armId';
import { isEntityRefOfKind, parseStrictEntityRef } from './entityRefs';

/*
 * Field schemas. Each message names the rule that failed and what is allowed,
 * because they reach users verbatim: as 400 bodies from the REST API and as
 * scaffolder form errors.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// ARM's managedClusters resourceName parameter (specs/azure/Microsoft.ContainerService).
const AKS_CLUSTER_NAME =
  /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;
// Microsoft.ManagedIdentity federatedIdentityCredentialResourceName (FACTS #7).
const FIC_NAME = /^[a-zA-Z0-9]{1}[a-zA-Z0-9-_]{2,119}$/;
// userAssignedIdentities in the ARM resource name rules (FACTS #8).
const IDENTITY_NAME = /^[a-zA-Z0-9][-_a-zA-Z0-9]{2,127}$/;

const DNS1123_LABEL_RULE =
  "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

/** Any valid namespace name, reserved or not (e.g. for access reviews). */
export const namespaceNameSchema = z
  .string()
  .max(63, `namespace must be at most 63 characters (${DNS1123_LABEL_RULE})`)
  .regex(DNS1123_LABEL, `namespace must be ${DNS1123_LABEL_RULE}`);

/**
 * A namespace that self-service may write to: a valid name that is neither
 * in `reserved` nor system-owned (`kube-` prefix, which Kubernetes reserves).
 */
export function createSelfServiceNamespaceSchema(
  reserved: readonly string[] = DEFAULT_RESERVED_NAMESPACES,
) {
  return namespaceNameSchema.superRefine((name, ctx) => {
    if (name.startsWith('kube-')) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `namespace "${name}" is refused: names starting with "kube-" are reserved for Kubernetes system namespaces`,
      });
    } else if (reserved.includes(name)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `namespace "${name}" is reserved (reserved: ${reserved.join(
          ', ',
        )})`,
      });
    }
  });
}

export const selfServiceNamespaceSchema = createSelfServiceNamespaceSchema();

export const clusterNameSchema = z
  .string()
  .regex(
    AKS_CLUSTER_NAME,
    'cluster must be an AKS cluster name: 1-63 characters of letters, digits, underscores and hyphens, starting and ending with a letter or digit',
  );

export const serviceAccountNameSchema = z
  .string()
  .max(
    253,
    'serviceAccount must be at most 253 characters (DNS-1123 subdomain)',
  )
  .regex(
    DNS1123_SUBDOMAIN,
    "serviceAccount must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-', each starting and ending with a letter or digit",
  );

export const roleBindingNameSchema = z
  .string()
  .max(253, 'RoleBinding name must be at most 253 characters')
  .regex(DNS1123_SUBDOMAIN, 'RoleBinding name must be a DNS-1123 subdomain');

export const ficNameSchema = z
  .string()
  .regex(
    FIC_NAME,
    "federated identity credential name must be 3-120 characters of letters, digits, '-' and '_', starting with a letter or digit",
  );

export const identityNameSchema = z
  .string()
  .regex(
    IDENTITY_NAME,
    "identityName must be 3-128 characters of letters, digits, '-' and '_', starting with a letter or digit (Azure user-assigned identity rule)",
  );

/** The catalog entity an operation acts for, e.g. `component:default/payments-api`. */
export const entityRefSchema = z
  .string()
  .refine(
    ref => parseStrictEntityRef(ref) !== undefined,
    'entityRef must be a catalog entity ref of the form kind:namespace/name, e.g. component:default/payments-api',
  );

/** The owning team, a catalog group. */
export const groupRefSchema = z
  .string()
  .refine(
    ref => isEntityRefOfKind(ref, ['group']),
    'owner must be a catalog group ref, e.g. group:default/team-payments',
  );

/** Who is granted access: a catalog user or group, or an Entra object id. */
export const principalSchema = z
  .string()
  .refine(
    p => isGuid(p) || isEntityRefOfKind(p, ['group', 'user']),
    'principal must be a catalog group or user ref (group:default/team-payments, user:default/alice) or an Entra object id (GUID)',
  );

export const accessLevelSchema = z.enum(ACCESS_LEVELS, {
  errorMap: accessLevelErrorMap,
});

/** An Azure role by exact built-in name or role definition GUID. */
export const azureRoleSchema = z.string().superRefine((role, ctx) => {
  if (isGuid(role) || findBuiltinRole(role)) return;
  const suggestion = suggestBuiltinRoleName(role);
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: suggestion
      ? `role "${role}" is not an Azure built-in role; the correct name is "${suggestion}"`
      : // The role table is a subset of Azure's: "Owner" is real, just never assignable here.
        `role "${role}" is not one of the built-in roles aks-access knows, and a workload identity only gets roles the platform policy allows (workloadIdentity.allowedRoles); give its exact name (e.g. "Key Vault Secrets User") or its role definition GUID`,
  });
});

/** An Azure scope from a request, replaced by its canonical form (see parseArmId). */
export const azureScopeSchema = z.string().transform((scope, ctx) => {
  try {
    return parseArmId(scope).id;
  } catch (error) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: (error as Error).message,
    });
    return z.NEVER;
  }
});

/** A quota tier key from the policy's `namespaces.quotaTiers`. */
export const tierSchema = z
  .string()
  .regex(
    DNS1123_LABEL,
    "tier must be the name of a quota tier in the platform policy (lowercase letters, digits and '-')",
  );

export const dryRunSchema = z.boolean();

/** A Kubernetes API verb as SubjectAccessReview takes it. */
export const kubernetesVerbSchema = z
  .string()
  .regex(
    /^([a-z]+|\*)$/,
    'verb must be a Kubernetes verb such as get, list, watch, create, update, patch, delete, or *',
  );

/** A resource, optionally with a subresource: `pods`, `pods/log`, `*`. */
export const kubernetesResourceSchema = z
  .string()
  .regex(
    /^(\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)(\/[a-z]+)?$/,
    'resource must be a lowercase plural resource name, optionally with a subresource (pods, pods/log) or *',
  );

/** An API group; "" is the core group. */
export const kubernetesApiGroupSchema = z
  .string()
  .regex(
    /^(|\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/,
    'group must be an API group such as apps or networking.k8s.io, "" for the core group, or *',
  );
