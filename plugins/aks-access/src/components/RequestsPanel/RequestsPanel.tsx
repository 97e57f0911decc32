import type { AccessRequest } from '@aks-access/plugin-aks-access-common';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { aksAccessApiRef } from '../../api';
import { serverMessage } from '../../serverMessage';
import { Decision, DecideRequestDialog } from './DecideRequestDialog';
import {
  durationLabel,
  localTime,
  requestOutcome,
  whereOf,
} from './requestFormat';
import { RequestState } from './RequestState';

export interface RequestsPanelProps {
  entityRef: string;
  /** Changed by the parent after anything on the page changed requests; refetches. */
  refreshKey?: number;
  /** Called after a decision; the parent refreshes the page (and refreshKey). */
  onChanged: () => void;
}

const newestFirst = (a: AccessRequest, b: AccessRequest) =>
  b.createdAt.localeCompare(a.createdAt);

/**
 * The entity's access requests: the pending ones to decide, then what became
 * of the others. Shown to everyone; the backend decides who may approve.
 */
export const RequestsPanel = ({
  entityRef,
  refreshKey,
  onChanged,
}: RequestsPanelProps) => {
  const api = useApi(aksAccessApiRef);
  const requests = useAsync(
    async () => (await api.listAccessRequests({ entityRef })).items,
    [api, entityRef, refreshKey],
  );
  const [deciding, setDeciding] = useState<{
    request: AccessRequest;
    decision: Decision;
  }>();

  const onDecided = useCallback(() => {
    setDeciding(undefined);
    onChanged();
  }, [onChanged]);

  const items = requests.value ?? [];
  const pending = items.filter(r => r.state === 'pending').sort(newestFirst);
  const history = items.filter(r => r.state !== 'pending').sort(newestFirst);

  return (
    <Box data-testid="aks-access-requests">
      <InfoCard
        title="Requests"
        subheader="Time-bound access to this component's namespaces"
      >
        {requests.loading && !requests.value && <Progress />}
        {requests.error && (
          <Alert severity="error">{serverMessage(requests.error)}</Alert>
        )}
        {requests.value && (
          <>
            <Typography variant="h6" component="h3">
              Pending
            </Typography>
            {pending.length === 0 ? (
              <Typography variant="body2" gutterBottom>
                No pending requests.
              </Typography>
            ) : (
              <Table size="small" aria-label="Pending requests">
                <TableHead>
                  <TableRow>
                    <TableCell>Requested by</TableCell>
                    <TableCell>For</TableCell>
                    <TableCell>Namespace</TableCell>
                    <TableCell>Level</TableCell>
                    <TableCell>Duration</TableCell>
                    <TableCell>Justification</TableCell>
                    <TableCell>Requested</TableCell>
                    <TableCell>Actions</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {pending.map(request => {
                    const what = `${request.requester}'s request for ${
                      request.level
                    } on ${whereOf(request)}`;
                    return (
                      <TableRow key={request.id}>
                        <TableCell>{request.requester}</TableCell>
                        <TableCell>{request.principal}</TableCell>
                        <TableCell>{whereOf(request)}</TableCell>
                        <TableCell>{request.level}</TableCell>
                        <TableCell>{durationLabel(request.duration)}</TableCell>
                        <TableCell>{request.justification}</TableCell>
                        <TableCell>
                          {localTime(request.createdAt)}
                          {request.pendingUntil && (
                            <Typography
                              variant="caption"
                              display="block"
                              color="textSecondary"
                            >
                              expires undecided{' '}
                              {localTime(request.pendingUntil)}
                            </Typography>
                          )}
                        </TableCell>
                        <TableCell>
                          <Box display="flex" style={{ gap: 8 }}>
                            <Button
                              size="small"
                              color="primary"
                              variant="contained"
                              aria-label={`Approve ${what}`}
                              onClick={() =>
                                setDeciding({ request, decision: 'approve' })
                              }
                            >
                              Approve
                            </Button>
                            <Button
                              size="small"
                              color="secondary"
                              variant="outlined"
                              aria-label={`Deny ${what}`}
                              onClick={() =>
                                setDeciding({ request, decision: 'deny' })
                              }
                            >
                              Deny
                            </Button>
                          </Box>
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            )}
            <Box mt={2}>
              <Typography variant="h6" component="h3">
                History
              </Typography>
              {history.length === 0 ? (
                <Typography variant="body2">
                  No decided or ended requests.
                </Typography>
              ) : (
                <Table size="small" aria-label="Request history">
                  <TableHead>
                    <TableRow>
                      <TableCell>State</TableCell>
                      <TableCell>Requested by</TableCell>
                      <TableCell>For</TableCell>
                      <TableCell>Namespace</TableCell>
                      <TableCell>Level</TableCell>
                      <TableCell>Duration</TableCell>
                      <TableCell>What happened</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {history.map(request => (
                      <TableRow key={request.id}>
                        <TableCell>
                          <RequestState request={request} />
                        </TableCell>
                        <TableCell>
                          {request.requester}
                          <Typography
                            variant="caption"
                            display="block"
                            color="textSecondary"
                          >
                            {localTime(request.createdAt)}
                          </Typography>
                        </TableCell>
                        <TableCell>{request.principal}</TableCell>
                        <TableCell>{whereOf(request)}</TableCell>
                        <TableCell>{request.level}</TableCell>
                        <TableCell>{durationLabel(request.duration)}</TableCell>
                        <TableCell>
                          {requestOutcome(request)}
                          {request.comment && (
                            <Typography
                              variant="caption"
                              display="block"
                              color="textSecondary"
                            >
                              Comment: {request.comment}
                            </Typography>
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </Box>
          </>
        )}
      </InfoCard>
      {deciding && (
        <DecideRequestDialog
          request={deciding.request}
          decision={deciding.decision}
          onClose={() => setDeciding(undefined)}
          onDecided={onDecided}
        />
      )}
    </Box>
  );
};
