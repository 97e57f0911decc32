import type { GrantSource } from '@aks-access/plugin-aks-access-common';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { GrantFilter, SOURCE_LABELS } from './grantRows';

const ANY = '';

interface SelectFilterProps {
  label: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
  onChange: (value: string | undefined) => void;
}

const SelectFilter = ({
  label,
  value,
  options,
  onChange,
}: SelectFilterProps) => (
  <TextField
    select
    fullWidth
    id={`aks-access-filter-${label.toLocaleLowerCase('en-US')}`}
    label={label}
    value={value ?? ANY}
    onChange={e =>
      onChange(e.target.value === ANY ? undefined : e.target.value)
    }
  >
    <MenuItem value={ANY}>All</MenuItem>
    {options.map(option => (
      <MenuItem key={option.value} value={option.value}>
        {option.label}
      </MenuItem>
    ))}
  </TextField>
);

const asOptions = (values: readonly string[]) =>
  values.map(value => ({ value, label: value }));

export interface GrantFiltersProps {
  filter: GrantFilter;
  clusters: readonly string[];
  levels: readonly string[];
  sources: readonly GrantSource[];
  onChange: (filter: GrantFilter) => void;
}

export const GrantFilters = ({
  filter,
  clusters,
  levels,
  sources,
  onChange,
}: GrantFiltersProps) => (
  <Grid container spacing={2}>
    <Grid item xs={12} md={3}>
      <TextField
        fullWidth
        id="aks-access-filter-principal"
        label="Search principal"
        value={filter.principal}
        onChange={e => onChange({ ...filter, principal: e.target.value })}
      />
    </Grid>
    <Grid item xs={12} sm={4} md={3}>
      <SelectFilter
        label="Cluster"
        value={filter.cluster}
        options={asOptions(clusters)}
        onChange={cluster => onChange({ ...filter, cluster })}
      />
    </Grid>
    <Grid item xs={12} sm={4} md={3}>
      <SelectFilter
        label="Level"
        value={filter.level}
        options={asOptions(levels)}
        onChange={level => onChange({ ...filter, level })}
      />
    </Grid>
    <Grid item xs={12} sm={4} md={3}>
      <SelectFilter
        label="Source"
        value={filter.source}
        options={sources.map(source => ({
          value: source,
          label: SOURCE_LABELS[source],
        }))}
        onChange={source => onChange({ ...filter, source })}
      />
    </Grid>
  </Grid>
);
