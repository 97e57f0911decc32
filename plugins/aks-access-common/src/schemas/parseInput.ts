import { InputError } from '@backstage/errors';
import type { z } from 'zod/v3';

/**
 * The one validator of every input (REST bodies, paths and queries, and
 * scaffolder action inputs). It throws an InputError (a 400 from Backstage's
 * error handler) whose message lists every failed rule by field, e.g.
 * `level: level cluster-admin is refused: …`.
 */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length ? ` in ${issue.path.join('.')}` : '';
      return `unknown field(s) ${issue.keys.join(', ')}${where}`;
    }
    return issue.path.length > 0
      ? `${issue.path.join('.')}: ${issue.message}`
      : issue.message;
  });
  throw new InputError(`Invalid request: ${problems.join('; ')}`);
}
