import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useEntityAccess } from '../../hooks/useEntityAccess';
import { formContextValue } from '../formContextValue';

export interface AksNamespacePickerOptions {
  /** The form field holding the entity ref; defaults to `entityRef`. */
  entityRefField?: string;
  /** The form field holding the chosen cluster; defaults to `cluster`. */
  clusterField?: string;
}

function helperText(
  entityRef: string | undefined,
  count: number,
  cluster?: string,
) {
  if (!entityRef) return 'Choose the component first.';
  if (count > 0) return undefined;
  return `${entityRef} has no namespace${
    cluster ? ` on ${cluster}` : ''
  } yet: onboard one first.`;
}

/** Namespaces mapped to the chosen entity, so a grant can only target the service's own. */
export const AksNamespacePicker = ({
  onChange,
  formData,
  required,
  rawErrors,
  schema,
  uiSchema,
  idSchema,
  formContext,
}: FieldExtensionComponentProps<string, AksNamespacePickerOptions>) => {
  const options = uiSchema?.['ui:options'] ?? {};
  const entityRef = formContextValue(
    formContext,
    options.entityRefField ?? 'entityRef',
  );
  const cluster = formContextValue(
    formContext,
    options.clusterField ?? 'cluster',
  );
  const { value: access, loading, error } = useEntityAccess(entityRef);

  const namespaces = [
    ...new Set(
      (access?.namespaces ?? [])
        .filter(ns => !cluster || ns.cluster === cluster)
        .map(ns => ns.namespace),
    ),
  ].sort();

  return (
    <TextField
      select
      fullWidth
      margin="normal"
      id={idSchema?.$id}
      label={schema.title ?? 'Namespace'}
      required={required}
      disabled={loading || !entityRef}
      error={!!error || (rawErrors?.length ?? 0) > 0}
      helperText={
        error
          ? `Could not load namespaces: ${error.message}`
          : helperText(entityRef, namespaces.length, cluster) ??
            schema.description
      }
      value={formData ?? ''}
      onChange={e => onChange(e.target.value)}
    >
      {namespaces.map(namespace => (
        <MenuItem key={namespace} value={namespace}>
          {namespace}
        </MenuItem>
      ))}
    </TextField>
  );
};
