import {
  AccessRequest,
  MAX_COMMENT_LENGTH,
} from '@aks-access/plugin-aks-access-common';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntityPresentation } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aksAccessApiRef } from '../../api';
import { serverMessage } from '../../serverMessage';
import { endsIn } from '../../timeFormat';
import { Name } from '../Name/Name';
import { durationLabel, whereOf } from './requestFormat';
import { useFocusRingStyles } from '../focusRing';

export type Decision = 'approve' | 'deny';

export interface DecideRequestDialogProps {
  request: AccessRequest;
  decision: Decision;
  onClose: () => void;
  onDecided: () => void;
}

/**
 * Approve or deny one pending request, with an optional comment for the
 * requester. The backend decides who may: the entity's owners, never the
 * requester; its refusal is shown as it said it.
 */
export const DecideRequestDialog = ({
  request,
  decision,
  onClose,
  onDecided,
}: DecideRequestDialogProps) => {
  const api = useApi(aksAccessApiRef);
  const focus = useFocusRingStyles();
  const alertApi = useApi(alertApiRef);
  const [comment, setComment] = useState('');
  const verb = decision === 'approve' ? 'Approve' : 'Deny';
  const where = whereOf(request);
  const principal = useEntityPresentation(request.principal).primaryTitle;
  const requester = useEntityPresentation(request.requester).primaryTitle;

  const [state, decide] = useAsyncFn(async () => {
    const options = comment.trim() ? { comment: comment.trim() } : {};
    const { request: decided } =
      decision === 'approve'
        ? await api.approveAccessRequest(request.id, options)
        : await api.denyAccessRequest(request.id, options);
    alertApi.post({
      message:
        decided.state === 'approved'
          ? `Approved: ${principal} has ${decided.level} access on ${where}${
              decided.expiresAt ? `; it ${endsIn(decided.expiresAt)}` : ''
            }`
          : `Denied ${requester}'s request for ${decided.level} access on ${where}`,
      severity: 'success',
      display: 'transient',
    });
    onDecided();
  }, [
    api,
    alertApi,
    request,
    decision,
    comment,
    where,
    principal,
    requester,
    onDecided,
  ]);

  const titleId = `aks-decide-${request.id}`;
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      fullWidth
      PaperProps={{ className: focus.focusRing }}
    >
      <DialogTitle id={titleId}>
        {verb} {request.level} access on {where} for{' '}
        <Name entityRef={request.principal} />?
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          Requested by <Name entityRef={request.requester} /> for{' '}
          {durationLabel(request.duration)}
          {decision === 'approve' &&
            '; the access starts now and ends by itself when the time is up'}
          .
        </Typography>
        <Typography variant="body2" gutterBottom>
          Justification: <q>{request.justification}</q>
        </Typography>
        <TextField
          fullWidth
          multiline
          minRows={2}
          margin="dense"
          id={`${titleId}-comment`}
          label="Comment (optional)"
          helperText="The requester sees it with your decision"
          value={comment}
          onChange={e => setComment(e.target.value)}
          inputProps={{ maxLength: MAX_COMMENT_LENGTH }}
        />
        {state.error && (
          <Alert severity="error">{serverMessage(state.error)}</Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color={decision === 'approve' ? 'primary' : 'secondary'}
          disabled={state.loading}
          onClick={decide}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
