import { ConflictError, NotAllowedError } from '@backstage/errors';
import type { AccessRequestResponse } from '@aks-access/plugin-aks-access-common';
import { requestSubject, toApi } from './AccessRequestStore';
import { endTimeBoundGrant } from '../grants/endTimeBoundGrant';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { actorOf, runOperation } from '../operations/runOperation';

/**
 * DELETE /access-requests/:id, by the requester: a pending request is
 * cancelled, an active one ends now (its grant is revoked as its expiry
 * would revoke it).
 */
export async function cancelAccessRequest(
  deps: OperationDeps,
  caller: Caller,
  id: string,
): Promise<AccessRequestResponse> {
  const actor = actorOf(caller.credentials);
  const request = await deps.requests.require(id);
  if (actor !== request.requester) {
    throw new NotAllowedError(
      `Only the requester (${request.requester}) can cancel or end access request ${id}`,
    );
  }
  if (request.state !== 'pending' && request.state !== 'approved') {
    throw new ConflictError(
      `Access request ${id} is ${request.state}; only a pending or active request can be cancelled`,
    );
  }
  const now = deps.clock.now();
  let deleted: string[] = [];
  const result = await runOperation(
    deps,
    caller,
    {
      operation: 'cancelAccessRequest',
      entityRef: request.entityRef,
      cluster: request.cluster,
      namespace: request.namespace,
      dryRun: false,
      subject: requestSubject(request),
    },
    async log => {
      const current = await deps.requests.require(id);
      if (current.state === 'pending') {
        await deps.requests.transition(id, 'pending', {
          state: 'cancelled',
          endedAt: now,
          endedBy: actor,
        });
        return {};
      }
      if (current.state !== 'approved') {
        throw new ConflictError(
          `Access request ${id} was ${current.state} in the meantime`,
        );
      }
      deleted = await endTimeBoundGrant(deps, current, current.expiresAt!, log);
      await deps.requests.transition(id, 'approved', {
        state: 'revoked',
        endedAt: now,
        endedBy: actor,
      });
      return {};
    },
    { deletedAssignmentIds: () => deleted },
  );
  return {
    request: toApi(await deps.requests.require(id)),
    changes: result.changes,
  };
}
