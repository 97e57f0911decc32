import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/** Parses a request body; a 400 lists every field that broke a rule, and which rule. */
export function validateInput<S extends z.ZodTypeAny>(
  schema: S,
  body: unknown,
): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    const field = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return `unknown field(s) ${issue.keys.join(', ')}`;
    }
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  throw new InputError(`Invalid request: ${problems.join('; ')}`);
}
