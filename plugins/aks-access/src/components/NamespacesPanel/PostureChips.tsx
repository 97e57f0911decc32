import type { ClusterPosture } from '@aks-access/plugin-aks-access-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import CheckIcon from '@material-ui/icons/Check';
import WarningIcon from '@material-ui/icons/Warning';
import { useAlertChipStyles } from '../alertChip';

interface PostureItem {
  label: string;
  /** Whether this setting is the secure one. */
  good: boolean;
}

function postureItems(posture: ClusterPosture): PostureItem[] {
  return [
    {
      label: `Entra ${posture.entraIntegration ? 'on' : 'off'}`,
      good: posture.entraIntegration,
    },
    // Either mode is legitimate, so Azure RBAC is shown but never flagged.
    { label: `Azure RBAC ${posture.azureRbac ? 'on' : 'off'}`, good: true },
    {
      label: `Local accounts ${
        posture.localAccountsDisabled ? 'disabled' : 'enabled'
      }`,
      good: posture.localAccountsDisabled,
    },
    {
      label: `Workload identity ${
        posture.workloadIdentityEnabled ? 'on' : 'off'
      }`,
      good: posture.workloadIdentityEnabled,
    },
  ];
}

export const PostureChips = ({ posture }: { posture: ClusterPosture }) => {
  const classes = useAlertChipStyles();
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {postureItems(posture).map(item => (
        <Chip
          key={item.label}
          size="small"
          label={item.label}
          className={item.good ? undefined : classes.alert}
          icon={item.good ? <CheckIcon /> : <WarningIcon />}
        />
      ))}
    </Box>
  );
};
