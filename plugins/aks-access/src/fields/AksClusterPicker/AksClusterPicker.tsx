import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { AUTHORIZATION_MODE_LABELS } from '../../authorizationModes';

/** What onboarding creates on the cluster, so the template's user knows. */
const NAMESPACE_KIND = {
  kubernetes: 'creates Kubernetes namespaces',
  managedNamespace:
    'creates AKS managed namespaces (ARM holds quota and network policy)',
} as const;
import { useClusters } from '../../hooks/useClusters';

/** The clusters configured for self-service, from `GET /clusters`. */
export const AksClusterPicker = ({
  onChange,
  formData,
  required,
  rawErrors,
  schema,
  idSchema,
}: FieldExtensionComponentProps<string>) => {
  const { value: clusters, loading, error } = useClusters();
  return (
    <TextField
      select
      fullWidth
      margin="normal"
      id={idSchema?.$id}
      label={schema.title ?? 'Cluster'}
      required={required}
      disabled={loading}
      error={!!error || (rawErrors?.length ?? 0) > 0}
      helperText={
        error ? `Could not load clusters: ${error.message}` : schema.description
      }
      value={formData ?? ''}
      onChange={e => onChange(e.target.value)}
    >
      {(clusters ?? []).map(cluster => (
        // Two subscriptions can hold a cluster of one name: the ARM id on hover tells which.
        <MenuItem key={cluster.name} value={cluster.name} title={cluster.armId}>
          <ListItemText
            primary={`${cluster.title} (${cluster.name})`}
            secondary={`${cluster.environment} · ${
              AUTHORIZATION_MODE_LABELS[cluster.authorizationMode]
            } · ${NAMESPACE_KIND[cluster.namespaceProvisioning]}`}
          />
        </MenuItem>
      ))}
    </TextField>
  );
};
