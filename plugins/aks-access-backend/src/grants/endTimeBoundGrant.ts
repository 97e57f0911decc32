import { isError } from '@backstage/errors';
import type { StoredRequest } from '../requests/AccessRequestStore';
import type { ChangeLog } from '../operations/ChangeLog';
import type { OperationDeps } from '../operations/OperationDeps';
import { verifyGrant } from './grantStrategies';

/**
 * Removes a request's grant if, and only if, the grant's own object still
 * says it ends by `endsBy`: one made permanent since (POST /grants) says
 * nothing, and one a later request extended says a later time. Either stays.
 * A grant that is gone already leaves nothing to do. Answers the ids of
 * the role assignments it deleted, for the index.
 */
export async function endTimeBoundGrant(
  deps: OperationDeps,
  request: StoredRequest,
  endsBy: Date,
  log: ChangeLog,
): Promise<string[]> {
  if (request.alreadyPermanent || !request.grantId) return [];
  let grant;
  try {
    grant = await verifyGrant(deps, request.grantId, false);
  } catch (error) {
    if (isError(error) && error.name === 'NotFoundError') return [];
    throw error;
  }
  if (!grant.expiresAt || Date.parse(grant.expiresAt) > endsBy.getTime()) {
    return [];
  }
  await grant.remove(log);
  return grant.deletedAssignmentIds;
}
