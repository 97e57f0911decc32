import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/**
 * Validates a request body and throws an InputError (a 400 from Backstage's
 * error handler) whose message lists every failed rule by field, e.g.
 * `level: level cluster-admin is refused: …`.
 */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue =>
    issue.path.length > 0
      ? `${issue.path.join('.')}: ${issue.message}`
      : issue.message,
  );
  throw new InputError(`Invalid request: ${problems.join('; ')}`);
}
