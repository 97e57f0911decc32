import {
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
import { serverMessage } from '../../serverMessage';
import { LEVEL_DESCRIPTIONS } from '../../fields/AksAccessLevelPicker/levelExplanation';
import { endsIn, localTime } from '../../timeFormat';
import { Name } from '../Name/Name';
import { DURATION_PRESETS, whereOf } from '../RequestsPanel/requestFormat';
import { GrantCostHint } from './GrantCostHint';
import { RequestTarget, targetKey } from './requestTargets';
import { useFocusRingStyles } from '../focusRing';

const OTHER = 'other';

export interface RequestAccessDialogProps {
  /** The namespaces the backend lets the viewer ask for; at least one. */
  targets: readonly RequestTarget[];
  /** Which of them is chosen when the dialog opens; the first by default. */
  initial?: string;
  /** The signed-in user, marked "(you)" among the principals. */
  userRef: string;
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
        Requested {request.level} access on {where} for{' '}
        <Name entityRef={request.principal} />: waiting for approval by the
        owners of <Name entityRef={request.entityRef} />.
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
        Approved at once: <Name entityRef={request.principal} /> has{' '}
        {request.level} access on {where}
        {request.expiresAt &&
          `; it ${endsIn(request.expiresAt)} (${localTime(request.expiresAt)})`}
        .
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

/**
 * Ask for time-bound access to one namespace, for whom and at which levels
 * the backend allows: the first principal it lists is chosen from the start.
 */
export const RequestAccessDialog = ({
  targets,
  initial,
  userRef,
  onClose,
  onRequested,
}: RequestAccessDialogProps) => {
  const api = useApi(aksAccessApiRef);
  const focus = useFocusRingStyles();
  const [target, setTarget] = useState(
    () => targets.find(t => targetKey(t) === initial) ?? targets[0],
  );
  const [principal, setPrincipal] = useState(target.principals[0].entityRef);
  const [level, setLevel] = useState<AccessLevel>(target.levels[0]);
  const { cluster, namespace } = target;
  const chooseTarget = (key: string) => {
    const next = targets.find(t => targetKey(t) === key) ?? targets[0];
    setTarget(next);
    // What the policy allows differs per namespace; start again from its default.
    setPrincipal(next.principals[0].entityRef);
    setLevel(next.levels[0]);
  };
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

  const where = whereOf(target);
  const chosen = target.principals.find(p => p.entityRef === principal);
  const done = submission.value;
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="aks-request-access-title"
      fullWidth
      PaperProps={{ className: focus.focusRing }}
    >
      <form
        onSubmit={onSubmit}
        aria-label="Request temporary access"
        noValidate
      >
        <DialogTitle id="aks-request-access-title">
          Request temporary access{targets.length === 1 && ` to ${where}`}
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
              {targets.length > 1 && (
                <TextField
                  select
                  fullWidth
                  margin="dense"
                  id="aks-request-namespace"
                  label="Namespace"
                  SelectProps={{ native: true }}
                  value={targetKey(target)}
                  onChange={e => chooseTarget(e.target.value)}
                >
                  {targets.map(t => (
                    <option key={targetKey(t)} value={targetKey(t)}>
                      {whereOf(t)}
                    </option>
                  ))}
                </TextField>
              )}
              <TextField
                select
                fullWidth
                margin="dense"
                id="aks-request-principal"
                label="For"
                SelectProps={{ native: true }}
                helperText={
                  target.principals.length > 1
                    ? 'Whom the policy lets you ask for here'
                    : 'The only one the policy lets you ask for here'
                }
                value={principal}
                onChange={e => setPrincipal(e.target.value)}
              >
                {target.principals.map(p => (
                  <option key={p.entityRef} value={p.entityRef}>
                    {p.displayName ?? p.entityRef}
                    {p.entityRef === userRef ? ' (you)' : ''}
                  </option>
                ))}
              </TextField>
              {target.grantCost && chosen?.kind === 'User' && (
                <GrantCostHint
                  cost={target.grantCost}
                  cluster={cluster}
                  onChooseGroup={setPrincipal}
                />
              )}
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
                {target.levels.map(l => (
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
