import type { z } from 'zod/v3';
import { ACCESS_LEVELS } from '../roles/accessLevels';

/*
 * The scaffolder hands actions its own zod (`zod/v3` of zod 4), whose types
 * TypeScript cannot relate to this package's zod 3 schemas. So actions build
 * their fields with the scaffolder's zod and borrow the rules through these
 * structurally typed helpers:
 *
 *   cluster: z => z.string().describe(d.cluster).superRefine(refineWith(clusterNameSchema)),
 *   level: z => z.enum(ACCESS_LEVELS, { errorMap: accessLevelErrorMap }),
 */

/** The part of zod's RefinementCtx that `refineWith` uses. */
export interface RefinementContext {
  addIssue(issue: { code: 'custom'; message: string }): void;
}

/** A `superRefine` callback that applies `schema` and reports its messages. */
export function refineWith(
  schema: z.ZodTypeAny,
): (value: unknown, ctx: RefinementContext) => void {
  return (value, ctx) => {
    const result = schema.safeParse(value);
    if (result.success) return;
    for (const issue of result.error.issues) {
      const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      ctx.addIssue({ code: 'custom', message: `${path}${issue.message}` });
    }
  };
}

/** The error map of the access-level enum; explains why cluster-admin is refused. */
export function accessLevelErrorMap(
  _issue: unknown,
  ctx: { data?: unknown },
): { message: string } {
  const allowed = ACCESS_LEVELS.join(', ');
  return {
    message:
      ctx.data === 'cluster-admin'
        ? `level cluster-admin is refused: self-service never grants cluster-admin or anything cluster-wide; allowed levels: ${allowed}`
        : `level must be one of ${allowed}`,
  };
}

/** Form and action descriptions of the operation fields. */
export const operationFieldDescriptions = {
  cluster: 'Name of the AKS cluster, as configured under aksAccess.clusters',
  namespace: 'Kubernetes namespace (DNS-1123 label, at most 63 characters)',
  entityRef: 'The catalog entity the namespace or identity belongs to',
  owner: 'The owning team, as a catalog group ref',
  tier: 'Quota tier from the platform policy; the policy default when empty',
  principal:
    'Who gets access: a catalog group or user ref, or an Entra object id',
  level: 'Access level: read, write or admin',
  serviceAccount: 'Kubernetes ServiceAccount the workload runs as',
  identityName:
    'Name of the user-assigned managed identity; id-<entity name> when empty',
  azureRoles:
    'Azure roles for the identity: built-in role name or GUID, and an Azure scope',
} as const;
