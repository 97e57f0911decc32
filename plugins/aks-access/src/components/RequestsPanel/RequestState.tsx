import type {
  AccessRequest,
  AccessRequestState,
} from '@aks-access/plugin-aks-access-common';
import Chip from '@material-ui/core/Chip';

// No secondary (pink) here: its text on white is under 4.5:1.
const COLORS: Record<AccessRequestState, 'default' | 'primary'> = {
  pending: 'primary',
  approved: 'primary',
  denied: 'default',
  expired: 'default',
  cancelled: 'default',
  revoked: 'default',
};

const LABELS: Record<AccessRequestState, string> = {
  pending: 'pending',
  approved: 'active',
  denied: 'denied',
  expired: 'expired',
  cancelled: 'cancelled',
  revoked: 'ended early',
};

export const RequestState = ({ request }: { request: AccessRequest }) => (
  <Chip
    size="small"
    color={COLORS[request.state]}
    variant={request.state === 'pending' ? 'outlined' : 'default'}
    label={LABELS[request.state] ?? request.state}
  />
);
