/**
 * Another field's current value. The scaffolder puts the data of every step
 * in `formContext.formData`, which is how one picker follows another.
 */
export function formContextValue(
  formContext: unknown,
  field: string,
): string | undefined {
  const formData = (
    formContext as { formData?: Record<string, unknown> } | undefined
  )?.formData;
  const value = formData?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
