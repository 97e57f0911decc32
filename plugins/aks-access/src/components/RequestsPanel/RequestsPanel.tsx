import type {
  AccessRequest,
  EntityViewerResponse,
} from '@aks-access/plugin-aks-access-common';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntityPresentation } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useState } from 'react';
import { useEntityRequests } from '../../hooks/useEntityRequests';
import { serverMessage } from '../../serverMessage';
import { localTime } from '../../timeFormat';
import { FixedColumnsTable } from '../FixedColumns/FixedColumns';
import { Name } from '../Name/Name';
import { Decision, DecideRequestDialog } from './DecideRequestDialog';
import { durationLabel, whereOf } from './requestFormat';
import { RequestOutcome } from './RequestOutcome';
import { RequestState } from './RequestState';
import { Where } from '../Where/Where';
import { SECTION_TITLE } from '../sectionTitle';

export interface RequestsPanelProps {
  entityRef: string;
  /** The signed-in user's side, from the backend: whether they decide requests here. */
  viewer?: EntityViewerResponse;
  /** Changed by the parent after anything on the page changed requests; refetches. */
  refreshKey?: number;
  /** Called after a decision; the parent refreshes the page (and refreshKey). */
  onChanged: () => void;
}

const newestFirst = (a: AccessRequest, b: AccessRequest) =>
  b.createdAt.localeCompare(a.createdAt);

const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

interface PendingRowProps {
  request: AccessRequest;
  viewer?: EntityViewerResponse;
  onDecide: (decision: Decision) => void;
}

const PendingRow = ({ request, viewer, onDecide }: PendingRowProps) => {
  const requester = useEntityPresentation(request.requester).primaryTitle;
  const what = `${requester}'s request for ${request.level} on ${whereOf(
    request,
  )}`;
  // Four eyes: nobody decides their own request, so it is not offered.
  const own = !!viewer && sameRef(request.requester, viewer.user.entityRef);
  let actions;
  if (own) {
    actions = (
      <Typography variant="body2" color="textSecondary">
        Your request: the owners decide
      </Typography>
    );
  } else if (viewer?.approver) {
    actions = (
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <Button
          size="small"
          color="primary"
          variant="contained"
          aria-label={`Approve ${what}`}
          onClick={() => onDecide('approve')}
        >
          Approve
        </Button>
        <Button
          size="small"
          variant="outlined"
          aria-label={`Deny ${what}`}
          onClick={() => onDecide('deny')}
        >
          Deny
        </Button>
      </Box>
    );
  } else {
    actions = (
      <Typography variant="body2" color="textSecondary">
        Waiting for the owners
      </Typography>
    );
  }
  return (
    <TableRow>
      <TableCell>
        <Name entityRef={request.requester} />
      </TableCell>
      <TableCell>
        <Name entityRef={request.principal} />
      </TableCell>
      <TableCell>
        <Where {...request} />
      </TableCell>
      <TableCell>{request.level}</TableCell>
      <TableCell>{durationLabel(request.duration)}</TableCell>
      <TableCell>{request.justification}</TableCell>
      <TableCell>
        {localTime(request.createdAt)}
        {request.pendingUntil && (
          <Typography variant="caption" display="block" color="textSecondary">
            expires undecided {localTime(request.pendingUntil)}
          </Typography>
        )}
      </TableCell>
      <TableCell>{actions}</TableCell>
    </TableRow>
  );
};

/**
 * The entity's access requests: the pending ones to decide, then what became
 * of the others. Approve and Deny are offered to those the backend names as
 * approvers, never on their own request; the backend checks again.
 */
export const RequestsPanel = ({
  entityRef,
  viewer,
  refreshKey,
  onChanged,
}: RequestsPanelProps) => {
  const requests = useEntityRequests(entityRef, refreshKey);
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
        titleTypographyProps={SECTION_TITLE}
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
              <FixedColumnsTable
                aria-label="Pending requests"
                widths={['12%', '12%', '16%', '7%', '10%', '17%', '13%', '13%']}
              >
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
                  {pending.map(request => (
                    <PendingRow
                      key={request.id}
                      request={request}
                      viewer={viewer}
                      onDecide={decision => setDeciding({ request, decision })}
                    />
                  ))}
                </TableBody>
              </FixedColumnsTable>
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
                <FixedColumnsTable
                  aria-label="Request history"
                  widths={['10%', '14%', '12%', '16%', '7%', '10%', '31%']}
                >
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
                          <Name entityRef={request.requester} />
                          <Typography
                            variant="caption"
                            display="block"
                            color="textSecondary"
                          >
                            {localTime(request.createdAt)}
                          </Typography>
                        </TableCell>
                        <TableCell>
                          <Name entityRef={request.principal} />
                        </TableCell>
                        <TableCell>
                          <Where {...request} />
                        </TableCell>
                        <TableCell>{request.level}</TableCell>
                        <TableCell>{durationLabel(request.duration)}</TableCell>
                        <TableCell>
                          <RequestOutcome request={request} />
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
                </FixedColumnsTable>
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
