import {
  PersonSensitivePermission,
  SENSITIVE_PERMISSIONS,
} from '@aks-access/plugin-aks-access-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/Warning';
import { useAlertChipStyles } from '../alertChip';

const BY_ID = new Map(SENSITIVE_PERMISSIONS.map(p => [p.id, p]));

const where = (held: PersonSensitivePermission) =>
  held.namespaces.map(n => `${n.cluster}/${n.namespace}`).join(', ');

/**
 * The sensitive permissions the backend found a person holds: each one a
 * review would flag as a warning chip named in words, and a platform
 * admin's, which are expected, counted in one plain chip.
 */
export const SensitiveChips = ({
  held,
}: {
  held: PersonSensitivePermission[];
}) => {
  const classes = useAlertChipStyles();
  const expected = held.filter(h => h.expected);
  if (!held.length)
    return (
      <Typography variant="caption" color="textSecondary">
        none
      </Typography>
    );
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {held
        .filter(h => !h.expected)
        .map(h => (
          <Chip
            key={h.permission}
            size="small"
            icon={<WarningIcon />}
            className={classes.alert}
            label={BY_ID.get(h.permission)!.label}
            title={`Can ${BY_ID.get(h.permission)!.title} in ${where(h)}`}
            data-testid="sensitive-chip"
          />
        ))}
      {expected.length > 0 && (
        <Chip
          size="small"
          variant="outlined"
          label={`${expected.length} expected (platform admin)`}
          title={`Expected for a platform admin: ${expected
            .map(h => BY_ID.get(h.permission)!.label)
            .join(', ')}`}
          data-testid="sensitive-chip"
        />
      )}
    </Box>
  );
};

/** Each sensitive permission in a sentence, with where: the chips' words in full. */
export const SensitiveList = ({
  held,
}: {
  held: PersonSensitivePermission[];
}) => (
  <>
    {held.map(h => (
      <Typography key={h.permission} variant="body2">
        Can {BY_ID.get(h.permission)!.title} in {where(h)}
        {h.expected ? ' (expected: platform admin)' : ''}
      </Typography>
    ))}
  </>
);
