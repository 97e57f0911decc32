import type { AccessRequest } from '@aks-access/plugin-aks-access-common';
import { InfoCard, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aksAccessApiRef } from '../../api';
import { serverMessage } from '../../serverMessage';
import { localTime } from '../../timeFormat';
import { FixedColumnsTable } from '../FixedColumns/FixedColumns';
import { Name } from '../Name/Name';
import { durationLabel, whereOf } from '../RequestsPanel/requestFormat';
import { RequestOutcome } from '../RequestsPanel/RequestOutcome';
import { RequestState } from '../RequestsPanel/RequestState';
import { Where } from '../Where/Where';
import { SECTION_TITLE } from '../sectionTitle';

export interface MyRequestsProps {
  /** Changed by the parent after anything on the page changed requests; refetches. */
  refreshKey?: number;
  /** Called after a cancel or an early end; the parent refreshes the page (and refreshKey). */
  onChanged: () => void;
}

const newestFirst = (a: AccessRequest, b: AccessRequest) =>
  b.createdAt.localeCompare(a.createdAt);

/** The viewer's own requests, on any entity: cancel a pending one, or end an active one now. */
export const MyRequests = ({ refreshKey, onChanged }: MyRequestsProps) => {
  const api = useApi(aksAccessApiRef);
  const alertApi = useApi(alertApiRef);
  const requests = useAsync(
    // The client's query type is the route's string form of the flag.
    async () => (await api.listAccessRequests({ mine: true })).items,
    [api, refreshKey],
  );

  const [ending, end] = useAsyncFn(
    async (request: AccessRequest) => {
      const { request: ended } = await api.cancelAccessRequest(request.id);
      alertApi.post({
        message:
          ended.state === 'revoked'
            ? `Ended ${ended.level} access on ${whereOf(ended)} now`
            : `Cancelled the request for ${ended.level} access on ${whereOf(
                ended,
              )}`,
        severity: 'success',
        display: 'transient',
      });
      onChanged();
      return ended.id;
    },
    [api, alertApi, onChanged],
  );

  const items = [...(requests.value ?? [])].sort(newestFirst);

  return (
    <Box data-testid="aks-access-my-requests">
      <InfoCard
        title="My requests"
        titleTypographyProps={SECTION_TITLE}
        subheader="Your time-bound access requests, on every component"
      >
        {requests.loading && !requests.value && <Progress />}
        {requests.error && (
          <Alert severity="error">{serverMessage(requests.error)}</Alert>
        )}
        {ending.error && (
          <Alert severity="error">{serverMessage(ending.error)}</Alert>
        )}
        {requests.value && items.length === 0 && (
          <Typography variant="body2">
            You have not requested access yet.
          </Typography>
        )}
        {items.length > 0 && (
          <FixedColumnsTable
            aria-label="My requests"
            widths={['9%', '13%', '15%', '12%', '7%', '10%', '23%', '11%']}
          >
            <TableHead>
              <TableRow>
                <TableCell>State</TableCell>
                <TableCell>Component</TableCell>
                <TableCell>Namespace</TableCell>
                <TableCell>For</TableCell>
                <TableCell>Level</TableCell>
                <TableCell>Duration</TableCell>
                <TableCell>What happened</TableCell>
                <TableCell>Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(request => {
                const what = `${request.level} on ${whereOf(request)}`;
                return (
                  <TableRow key={request.id}>
                    <TableCell>
                      <RequestState request={request} />
                    </TableCell>
                    <TableCell>
                      <Name entityRef={request.entityRef} />
                    </TableCell>
                    <TableCell>
                      <Where {...request} />
                    </TableCell>
                    <TableCell>
                      <Name entityRef={request.principal} />
                    </TableCell>
                    <TableCell>{request.level}</TableCell>
                    <TableCell>{durationLabel(request.duration)}</TableCell>
                    <TableCell>
                      <RequestOutcome request={request} />
                      <Typography
                        variant="caption"
                        display="block"
                        color="textSecondary"
                      >
                        requested {localTime(request.createdAt)}
                        {request.comment && ` · comment: ${request.comment}`}
                      </Typography>
                    </TableCell>
                    <TableCell>
                      {request.state === 'pending' && (
                        <Button
                          size="small"
                          variant="outlined"
                          aria-label={`Cancel the request for ${what}`}
                          disabled={ending.loading}
                          onClick={() => end(request)}
                        >
                          Cancel
                        </Button>
                      )}
                      {request.state === 'approved' && (
                        <Button
                          size="small"
                          color="secondary"
                          variant="outlined"
                          aria-label={`End now: ${what}`}
                          disabled={ending.loading}
                          onClick={() => end(request)}
                        >
                          End now
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </FixedColumnsTable>
        )}
      </InfoCard>
    </Box>
  );
};
