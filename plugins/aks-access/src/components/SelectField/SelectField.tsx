import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/** One labelled choice of a form, as the tab's question forms ask them. */
export const SelectField = <T extends string | number>({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
}) => (
  <TextField
    select
    fullWidth
    margin="dense"
    id={id}
    label={label}
    value={value}
    onChange={e =>
      onChange(
        (typeof value === 'number'
          ? Number(e.target.value)
          : e.target.value) as T,
      )
    }
  >
    {options.map(option => (
      <MenuItem key={String(option.value)} value={option.value}>
        {option.label}
      </MenuItem>
    ))}
  </TextField>
);

/** Values that are their own labels. */
export const asOptions = (values: readonly string[]) =>
  values.map(value => ({ value, label: value }));
