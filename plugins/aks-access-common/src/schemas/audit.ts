import { z } from 'zod/v3';
import { accessRequestIdSchema } from './accessRequests';

/** The most rows one `GET /audit` answers. */
export const MAX_AUDIT_LIMIT = 500;

/** `GET /audit`'s query string: newest first, by entity or by access request. */
export const auditListQuery = z
  .object({
    entityRef: z.string().max(500).optional(),
    requestId: accessRequestIdSchema.optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_AUDIT_LIMIT, `limit must be at most ${MAX_AUDIT_LIMIT}`)
      .optional(),
  })
  .strict();

export type AuditListQuery = z.infer<typeof auditListQuery>;
