import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useEffect, useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  PrincipalOption,
  usePrincipalOptions,
} from '../../hooks/usePrincipalOptions';
import { formContextValue } from '../formContextValue';

export interface AksOwnerPickerOptions {
  /** The form field holding the component's entity ref; defaults to `entityRef`. */
  entityRefField?: string;
}

/** The component's `spec.owner` as a full ref, the way the catalog reads it. */
function useComponentOwner(entityRef: string | undefined) {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    if (!entityRef) return undefined;
    const entity = await catalogApi.getEntityByRef(entityRef);
    const owner = entity?.spec?.owner;
    if (typeof owner !== 'string' || owner === '') return undefined;
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity?.metadata.namespace ?? 'default',
      }),
    );
  }, [catalogApi, entityRef]);
}

/**
 * A group of the catalog, filled in with the chosen component's owner: the
 * template's user picks the component, and its team follows, whichever page
 * the template was started from. A team the user picks themselves stays.
 */
export const AksOwnerPicker = ({
  onChange,
  formData,
  required,
  rawErrors,
  schema,
  uiSchema,
  idSchema,
  formContext,
}: FieldExtensionComponentProps<string, AksOwnerPickerOptions>) => {
  const options = uiSchema?.['ui:options'] ?? {};
  const entityRef = formContextValue(
    formContext,
    options.entityRefField ?? 'entityRef',
  );
  const groups = usePrincipalOptions(['Group']);
  const componentOwner = useComponentOwner(entityRef);

  // The value this field last filled in itself: while the field still holds
  // it, a change of component may replace it; anything else is the user's.
  const prefilled = useRef<string>();
  const owner = componentOwner.value;
  useEffect(() => {
    if (!owner || (formData && formData !== prefilled.current)) return;
    prefilled.current = owner;
    if (formData !== owner) onChange(owner);
  }, [owner, formData, onChange]);

  const choices: PrincipalOption[] = groups.value ?? [];
  // An owner the group list lacks (a user, or one outside the filter) still shows by its ref.
  const selected = formData
    ? choices.find(c => c.entityRef === formData) ?? {
        entityRef: formData,
        name: formData,
        label: formData,
      }
    : null;

  return (
    <Autocomplete
      id={idSchema?.$id}
      options={choices}
      loading={groups.loading || componentOwner.loading}
      value={selected}
      getOptionLabel={option => option.name}
      getOptionSelected={(option, value) =>
        option.entityRef === value.entityRef
      }
      renderOption={option => (
        <ListItemText primary={option.name} secondary={option.entityRef} />
      )}
      onChange={(_event, value) => onChange(value?.entityRef)}
      renderInput={params => (
        <TextField
          {...params}
          margin="normal"
          label={schema.title ?? 'Owning team'}
          required={required}
          error={
            !!groups.error ||
            !!componentOwner.error ||
            (rawErrors?.length ?? 0) > 0
          }
          helperText={
            groups.error || componentOwner.error
              ? `Could not read the catalog: ${
                  (groups.error ?? componentOwner.error)!.message
                }`
              : schema.description
          }
          inputProps={{
            ...params.inputProps,
            title: formData,
          }}
        />
      )}
    />
  );
};
