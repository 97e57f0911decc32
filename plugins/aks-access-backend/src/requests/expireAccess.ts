import type { LoggerService } from '@backstage/backend-plugin-api';
import { requestSubject, StoredRequest } from './AccessRequestStore';
import { endTimeBoundGrant } from '../grants/endTimeBoundGrant';
import type { OperationDeps } from '../operations/OperationDeps';
import { EXPIRY_TASK, runOperation } from '../operations/runOperation';

/** The requester's notice comes this long before the end. */
const NOTICE_BEFORE_MS = 15 * 60_000;
const ENDED_BY = `system:${EXPIRY_TASK.system}`;

export interface SweepResult {
  /** Time-bound grants that reached their end in this sweep. */
  expiredGrants: number;
  /** Pending requests nobody decided in time. */
  expiredRequests: number;
  noticesSent: number;
}

/**
 * One pass of the expiry task: what has ended is ended, what ends soon is
 * announced. Each query is a range scan on an index, so a pass costs what
 * is ending now, not what is active.
 */
export async function sweepExpiries(
  deps: OperationDeps,
  logger: LoggerService,
): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = {
    expiredGrants: 0,
    expiredRequests: 0,
    noticesSent: 0,
  };
  const scope = (r: StoredRequest) => ({
    entityRef: r.entityRef,
    cluster: r.cluster,
    namespace: r.namespace,
    dryRun: false,
    subject: requestSubject(r),
  });

  const stillIn = (request: StoredRequest) => async () =>
    (await deps.requests.get(request.id))?.state === request.state;

  for (const request of await deps.requests.undecided(now)) {
    await runOperation(
      deps,
      EXPIRY_TASK,
      { operation: 'expireAccessRequest', ...scope(request) },
      async () => {
        await deps.requests.transition(request.id, 'pending', {
          state: 'expired',
          endedAt: now,
          endedBy: ENDED_BY,
        });
        result.expiredRequests++;
        return {};
      },
      { onlyIf: stillIn(request) },
    ).catch(error =>
      logger.warn(`Expiring access request ${request.id} failed: ${error}`),
    );
  }

  for (const request of await deps.requests.expiring(now)) {
    let deleted: string[] = [];
    await runOperation(
      deps,
      EXPIRY_TASK,
      { operation: 'expireGrant', ...scope(request) },
      async log => {
        deleted = await endTimeBoundGrant(deps, request, now, log);
        await deps.requests.transition(request.id, 'approved', {
          state: 'expired',
          endedAt: now,
          endedBy: ENDED_BY,
        });
        result.expiredGrants++;
        return {};
      },
      {
        // Under the namespace's lock: another replica's task, or the
        // requester, may have ended it meanwhile.
        onlyIf: stillIn(request),
        deletedAssignmentIds: () => deleted,
      },
    ).catch(error =>
      // Left active: the next pass tries again.
      logger.warn(`Ending access request ${request.id} failed: ${error}`),
    );
  }

  for (const request of await deps.requests.endingSoon(
    new Date(now.getTime() + NOTICE_BEFORE_MS),
  )) {
    if (await deps.requests.markNotified(request.id)) {
      await deps.notices.endingSoon(request, now);
      result.noticesSent++;
    }
  }
  return result;
}
