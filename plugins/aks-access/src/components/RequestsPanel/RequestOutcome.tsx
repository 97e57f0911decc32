import type { AccessRequest } from '@aks-access/plugin-aks-access-common';
import { endsIn, localTime } from '../../timeFormat';
import { Name } from '../Name/Name';

/** `by Carol at 6 Dec 2026, 14:36`, with the person's name, not their ref. */
const By = ({ who, at }: { who?: string; at?: string }) => (
  <>
    {who && (
      <>
        {' '}
        by <Name entityRef={who} />
      </>
    )}
    {at && ` at ${localTime(at)}`}
  </>
);

/** One line on what became of a request, and who made it so, in the viewer's local time. */
export const RequestOutcome = ({ request }: { request: AccessRequest }) => {
  switch (request.state) {
    case 'pending':
      return (
        <>
          waiting for approval
          {request.pendingUntil && ` until ${localTime(request.pendingUntil)}`}
        </>
      );
    case 'approved':
      return (
        <>
          approved
          <By who={request.decidedBy} at={request.decidedAt} />
          {request.expiresAt &&
            `; ${endsIn(request.expiresAt)} (${localTime(request.expiresAt)})`}
          {request.alreadyPermanent && '; already held permanently'}
        </>
      );
    case 'denied':
      return (
        <>
          denied
          <By who={request.decidedBy} at={request.decidedAt} />
        </>
      );
    case 'expired':
      return request.decidedAt ? (
        <>
          approved
          <By who={request.decidedBy} at={request.decidedAt} />; expired
          {request.expiresAt && ` at ${localTime(request.expiresAt)}`}
        </>
      ) : (
        <>
          not decided in time
          {request.pendingUntil && ` (by ${localTime(request.pendingUntil)})`}
        </>
      );
    case 'cancelled':
      return (
        <>
          cancelled
          <By who={request.endedBy} at={request.endedAt} />
        </>
      );
    case 'revoked':
      return (
        <>
          ended early
          <By who={request.endedBy} at={request.endedAt} />
        </>
      );
    default:
      return <>{request.state}</>;
  }
};
