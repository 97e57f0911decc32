import { z } from 'zod/v3';
import { isoDurationSchema } from './durations';
import { isEntityRefOfKind } from './entityRefs';
import {
  accessLevelSchema,
  clusterNameSchema,
  dryRunSchema,
  entityRefSchema,
  selfServiceNamespaceSchema,
} from './names';

/*
 * Bodies of the access-request and review routes. Strict like the others:
 * a misspelt field is an error, not a default.
 */

export const MAX_JUSTIFICATION_LENGTH = 500;
export const MAX_COMMENT_LENGTH = 500;
export const MAX_REVIEW_DECISIONS = 500;

/** The state of an access request; `approved` is the active grant. */
export const ACCESS_REQUEST_STATES = [
  'pending',
  'approved',
  'denied',
  'expired',
  'cancelled',
  'revoked',
] as const;

/** Who the access is for: the requester, or a catalog group they belong to. */
export const requestPrincipalSchema = z
  .string()
  .refine(
    p => isEntityRefOfKind(p, ['group', 'user']),
    'principal must be yourself (user:default/<you>) or a catalog group you belong to (group:default/<team>)',
  );

/** An access request's id, as the backend made it. */
export const accessRequestIdSchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    'access request id must be the id the backend returned (a lowercase UUID)',
  );

export const accessRequestInput = z
  .object({
    cluster: clusterNameSchema,
    namespace: selfServiceNamespaceSchema,
    principal: requestPrincipalSchema,
    level: accessLevelSchema,
    duration: isoDurationSchema,
    justification: z
      .string()
      .trim()
      .min(1, 'justification is required: say why the access is needed')
      .max(
        MAX_JUSTIFICATION_LENGTH,
        `justification must be at most ${MAX_JUSTIFICATION_LENGTH} characters`,
      ),
    dryRun: dryRunSchema.optional(),
  })
  .strict();

export const accessRequestDecisionInput = z
  .object({
    id: accessRequestIdSchema,
    comment: z
      .string()
      .max(
        MAX_COMMENT_LENGTH,
        `comment must be at most ${MAX_COMMENT_LENGTH} characters`,
      )
      .optional(),
  })
  .strict();

export const accessRequestListQuery = z
  .object({
    entityRef: entityRefSchema.optional(),
    state: z
      .enum(ACCESS_REQUEST_STATES, {
        errorMap: () => ({
          message: `state must be one of ${ACCESS_REQUEST_STATES.join(', ')}`,
        }),
      })
      .optional(),
    mine: z
      .enum(['true', 'false'], {
        errorMap: () => ({ message: 'mine must be true or false' }),
      })
      .optional()
      .transform(v => v === 'true'),
  })
  .strict();

export const grantReviewInput = z
  .object({
    decisions: z
      .array(
        z
          .object({
            grantId: z.string().min(1).max(2000),
            decision: z.enum(['keep', 'revoke'], {
              errorMap: () => ({
                message: "decision must be 'keep' or 'revoke'",
              }),
            }),
          })
          .strict(),
      )
      .min(1, 'decisions must name at least one grant')
      .max(
        MAX_REVIEW_DECISIONS,
        `decisions must name at most ${MAX_REVIEW_DECISIONS} grants`,
      ),
    dryRun: dryRunSchema.optional(),
  })
  .strict();

export type AccessRequestInput = z.infer<typeof accessRequestInput>;
export type AccessRequestDecisionInput = z.infer<
  typeof accessRequestDecisionInput
>;
export type GrantReviewInput = z.infer<typeof grantReviewInput>;
