import {
  ACCESS_LEVELS,
  AccessLevel,
  AccessRequestResponse,
  MAX_JUSTIFICATION_LENGTH,
  parseIsoDuration,
} from '@aks-access/plugin-aks-access-common';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aksAccessApiRef } from '../../api';
import type { Viewer } from '../../hooks/useViewer';
import { serverMessage } from '../../serverMessage';
import { LEVEL_DESCRIPTIONS } from '../../fields/AksAccessLevelPicker/levelExplanation';
import {
  DURATION_PRESETS,
  localTime,
  whereOf,
} from '../RequestsPanel/requestFormat';
import { requestPrincipals } from './reach';

const OTHER = 'other';

export interface RequestAccessDialogProps {
  cluster: string;
  namespace: string;
  viewer: Viewer;
  onClose: () => void;
  /** After the backend took the request; the page refreshes. */
  onRequested: (response: AccessRequestResponse) => void;
}

const RequestResult = ({ response }: { response: AccessRequestResponse }) => {
  const { request } = response;
  const where = whereOf(request);
  if (request.state === 'pending') {
    return (
      <Alert severity="info" role="status">
        Requested {request.level} access on {where} for {request.principal}:
        waiting for approval by the owners of {request.entityRef}.
        {request.pendingUntil &&
          ` If nobody decides by ${localTime(
            request.pendingUntil,
          )}, the request expires.`}
      </Alert>
    );
  }
  if (request.state === 'approved') {
    return (
      <Alert severity="success" role="status">
        Approved at once: {request.principal} has {request.level} access on{' '}
        {where}
        {request.expiresAt && ` until ${localTime(request.expiresAt)}`}.
        {request.alreadyPermanent &&
          ' It already held this access permanently, so nothing changes at expiry.'}
      </Alert>
    );
  }
  return (
    <Alert severity="warning" role="status">
      The request is {request.state}
      {request.comment ? `: ${request.comment}` : '.'}
    </Alert>
  );
};

/** Ask for time-bound access to one namespace, for yourself or a group you belong to. */
export const RequestAccessDialog = ({
  cluster,
  namespace,
  viewer,
  onClose,
  onRequested,
}: RequestAccessDialogProps) => {
  const api = useApi(aksAccessApiRef);
  const principals = requestPrincipals(viewer);
  const [principal, setPrincipal] = useState(principals[0]);
  const [level, setLevel] = useState<AccessLevel>('read');
  const [preset, setPreset] = useState('PT4H');
  const [customDuration, setCustomDuration] = useState('');
  const [justification, setJustification] = useState('');
  const [showErrors, setShowErrors] = useState(false);

  const duration = preset === OTHER ? customDuration.trim() : preset;
  const durationError =
    parseIsoDuration(duration) === undefined
      ? 'An ISO 8601 duration in weeks, days, hours or minutes, e.g. PT2H or P3D'
      : undefined;
  let justificationError: string | undefined;
  if (!justification.trim()) {
    justificationError =
      'Justification is required: say why you need the access';
  } else if (justification.length > MAX_JUSTIFICATION_LENGTH) {
    justificationError = `At most ${MAX_JUSTIFICATION_LENGTH} characters`;
  }

  const [submission, submit] = useAsyncFn(async () => {
    const response = await api.requestAccess({
      cluster,
      namespace,
      principal,
      level,
      duration,
      justification: justification.trim(),
    });
    onRequested(response);
    return response;
  }, [api, cluster, namespace, principal, level, duration, justification]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (durationError || justificationError) return;
    submit();
  };

  const where = `${cluster}/${namespace}`;
  const done = submission.value;
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="aks-request-access-title"
      fullWidth
    >
      <form
        onSubmit={onSubmit}
        aria-label="Request temporary access"
        noValidate
      >
        <DialogTitle id="aks-request-access-title">
          Request temporary access to {where}
        </DialogTitle>
        <DialogContent>
          {done ? (
            <RequestResult response={done} />
          ) : (
            <>
              <Typography variant="body2" gutterBottom>
                The owners of the namespace approve; the access ends by itself
                when the time is up.
              </Typography>
              <TextField
                select
                fullWidth
                margin="dense"
                id="aks-request-principal"
                label="For"
                SelectProps={{ native: true }}
                helperText="Yourself, or a group you belong to"
                value={principal}
                onChange={e => setPrincipal(e.target.value)}
              >
                {principals.map(ref => (
                  <option key={ref} value={ref}>
                    {ref === viewer.userEntityRef ? `${ref} (you)` : ref}
                  </option>
                ))}
              </TextField>
              <TextField
                select
                fullWidth
                margin="dense"
                id="aks-request-level"
                label="Level"
                SelectProps={{ native: true }}
                helperText={LEVEL_DESCRIPTIONS[level]}
                value={level}
                onChange={e => setLevel(e.target.value as AccessLevel)}
              >
                {ACCESS_LEVELS.map(l => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </TextField>
              <TextField
                select
                fullWidth
                margin="dense"
                id="aks-request-duration"
                label="Duration"
                SelectProps={{ native: true }}
                value={preset}
                onChange={e => setPreset(e.target.value)}
              >
                {DURATION_PRESETS.map(p => (
                  <option key={p.value} value={p.value}>
                    {p.label} ({p.value})
                  </option>
                ))}
                <option value={OTHER}>Other…</option>
              </TextField>
              {preset === OTHER && (
                <TextField
                  fullWidth
                  margin="dense"
                  id="aks-request-custom-duration"
                  label="Duration (ISO 8601)"
                  placeholder="PT2H"
                  value={customDuration}
                  onChange={e => setCustomDuration(e.target.value)}
                  error={showErrors && !!durationError}
                  helperText={
                    showErrors && durationError
                      ? durationError
                      : 'e.g. PT2H, P3D; the policy may cap it'
                  }
                />
              )}
              <TextField
                fullWidth
                multiline
                required
                minRows={3}
                margin="dense"
                id="aks-request-justification"
                label="Justification"
                value={justification}
                onChange={e => setJustification(e.target.value)}
                inputProps={{ maxLength: MAX_JUSTIFICATION_LENGTH }}
                error={showErrors && !!justificationError}
                helperText={
                  showErrors && justificationError
                    ? justificationError
                    : `${justification.length}/${MAX_JUSTIFICATION_LENGTH}: the owners read it when they decide`
                }
              />
              {submission.error && (
                <Alert severity="error">
                  {serverMessage(submission.error)}
                </Alert>
              )}
            </>
          )}
        </DialogContent>
        <DialogActions>
          {done ? (
            <Button onClick={onClose}>Close</Button>
          ) : (
            <>
              <Button onClick={onClose}>Cancel</Button>
              <Button
                type="submit"
                color="primary"
                variant="contained"
                disabled={submission.loading}
              >
                Request
              </Button>
            </>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
};
