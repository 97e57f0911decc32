import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/** The props the scaffolder's form hands a field, with the rest of the form in formContext. */
export function fieldProps<TUiOptions extends {}>(options: {
  title: string;
  formData?: string;
  uiOptions?: TUiOptions;
  otherFields?: Record<string, string>;
}): FieldExtensionComponentProps<string, TUiOptions> & { onChange: jest.Mock } {
  return {
    onChange: jest.fn(),
    formData: options.formData,
    required: true,
    rawErrors: [],
    schema: { title: options.title, type: 'string' },
    uiSchema: { 'ui:options': options.uiOptions },
    idSchema: { $id: `root_${options.title}` },
    formContext: { formData: options.otherFields ?? {} },
  } as unknown as FieldExtensionComponentProps<string, TUiOptions> & {
    onChange: jest.Mock;
  };
}
