import { z } from 'zod';
import { federateInput, grantInput, onboardNamespaceInput } from './operations';

/** Scaffolder v2 input fields: one `(zImpl) => schema` per key. */
export type ActionInputFields<S extends z.ZodRawShape> = {
  [K in Exclude<keyof S, 'dryRun'>]: () => S[K];
};

/**
 * Turns an operation input into the `schema.input` of a scaffolder action.
 * `dryRun` is left out because actions take it from the task, not the template.
 */
export function toActionInputFields<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
): ActionInputFields<S> {
  return Object.fromEntries(
    Object.entries(schema.shape)
      .filter(([key]) => key !== 'dryRun')
      .map(([key, field]) => [key, () => field]),
  ) as ActionInputFields<S>;
}

export const onboardNamespaceActionInput = toActionInputFields(
  onboardNamespaceInput,
);
export const grantActionInput = toActionInputFields(grantInput);
export const federateActionInput = toActionInputFields(federateInput);
