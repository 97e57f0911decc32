import { Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aksAccessApiRef } from '../../api';
import { GrantRow, principalLabel } from '../AccessTable/grantRows';
import { ChangePlan } from './ChangePlan';

export interface RevokeGrantDialogProps {
  row: GrantRow;
  onClose: () => void;
  onRevoked: () => void;
}

/**
 * Shows the dry-run plan before anything happens, because one binding can
 * carry several subjects and revoking it affects all of them.
 */
export const RevokeGrantDialog = ({
  row,
  onClose,
  onRevoked,
}: RevokeGrantDialogProps) => {
  const api = useApi(aksAccessApiRef);
  const alertApi = useApi(alertApiRef);
  const { grant } = row;
  const who = principalLabel(grant);
  const where = row.namespace ? `${row.cluster}/${row.namespace}` : row.cluster;

  const plan = useAsync(
    () => api.revokeGrant(grant.id, { dryRun: true }),
    [api, grant.id],
  );
  const [revocation, revoke] = useAsyncFn(async () => {
    await api.revokeGrant(grant.id);
    alertApi.post({
      message: `Revoked ${who}'s ${grant.level} access on ${where}`,
      severity: 'success',
      display: 'transient',
    });
    onRevoked();
  }, [api, alertApi, grant, who, where, onRevoked]);

  return (
    <Dialog open onClose={onClose} aria-labelledby="aks-revoke-title" fullWidth>
      <DialogTitle id="aks-revoke-title">
        Revoke {who}'s {grant.level} access on {where}?
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          Dry run: this is what revoking would change.
        </Typography>
        {plan.loading && <Progress />}
        {plan.error && <Alert severity="error">{plan.error.message}</Alert>}
        {plan.value && <ChangePlan changes={plan.value.changes} />}
        {revocation.error && (
          <Alert severity="error">{revocation.error.message}</Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={!plan.value || revocation.loading}
          onClick={revoke}
        >
          Confirm revoke
        </Button>
      </DialogActions>
    </Dialog>
  );
};
