import { ConflictError, NotAllowedError } from '@backstage/errors';
import type {
  AccessRequestDecisionInput,
  AccessRequestResponse,
} from '@aks-access/plugin-aks-access-common';
import { requestSubject, toApi } from './AccessRequestStore';
import { prepareGrant, writeGrant } from '../grants/grantAccess';
import { namespaceEntity } from '../namespaces/namespaceOwnership';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { actorOf, runOperation } from '../operations/runOperation';

/**
 * Approve or deny a pending request, as one of the entity's owners or the
 * platform group, and never as the requester ("four eyes"). An approval
 * makes the grant exactly as POST /grants does, ending after the requested
 * duration from now.
 */
export async function decideAccessRequest(
  deps: OperationDeps,
  caller: Caller,
  input: AccessRequestDecisionInput,
  decision: 'approve' | 'deny',
): Promise<AccessRequestResponse> {
  const decider = actorOf(caller.credentials);
  const request = await deps.requests.require(input.id);
  if (request.state !== 'pending') {
    throw new ConflictError(
      `Access request ${request.id} is ${
        request.state
      }; only a pending request can be ${
        decision === 'approve' ? 'approved' : 'denied'
      }`,
    );
  }
  const now = deps.clock.now();
  if (request.pendingUntil && request.pendingUntil <= now) {
    throw new ConflictError(
      `Access request ${
        request.id
      } was not decided by ${request.pendingUntil.toISOString()} (policy accessRequests.pendingTimeout ${
        deps.guardrails.policy.accessRequests.pendingTimeout
      }); it has expired, and the requester can ask again`,
    );
  }
  if (decider === request.requester) {
    throw new NotAllowedError(
      `Four eyes: ${decider} made access request ${request.id} and cannot ${decision} it, not even as a platform admin; another owner of ${request.entityRef} must`,
    );
  }
  // The namespace's entity as its object says now, not as the row says:
  // permission is checked against the entity that owns it today. Only an
  // approval needs the principal looked up.
  const prepared =
    decision === 'approve' ? await prepareGrant(deps, request) : undefined;
  const entityRef =
    prepared?.entityRef ??
    (
      await namespaceEntity(
        deps.registry.get(request.cluster).objects(),
        request.namespace,
      )
    ).entityRef;
  const result = await runOperation(
    deps,
    caller,
    {
      operation:
        decision === 'approve' ? 'approveAccessRequest' : 'denyAccessRequest',
      entityRef,
      cluster: request.cluster,
      namespace: request.namespace,
      dryRun: false,
      subject: {
        ...requestSubject(request),
        decidedBy: decider,
        ...(input.comment ? { comment: input.comment } : {}),
      },
    },
    async log => {
      // Under the namespace's lock: a second approver waits, then finds it decided.
      const current = await deps.requests.require(request.id);
      if (current.state !== 'pending') {
        throw new ConflictError(
          `Access request ${request.id} was ${current.state} by ${
            current.decidedBy ?? 'someone else'
          } in the meantime`,
        );
      }
      const decided = {
        decidedAt: now,
        decidedBy: decider,
        ...(input.comment ? { comment: input.comment } : {}),
      };
      if (!prepared) {
        await deps.requests.transition(request.id, 'pending', {
          state: 'denied',
          ...decided,
        });
        return {};
      }
      const expiresAt = new Date(
        now.getTime() + request.durationSeconds * 1000,
      );
      const granted = await writeGrant(
        deps,
        prepared,
        request.level,
        false,
        log,
        expiresAt,
      );
      await deps.requests.transition(request.id, 'pending', {
        state: 'approved',
        ...decided,
        grantId: granted.grantId,
        expiresAt,
        alreadyPermanent: granted.alreadyPermanent,
      });
      return {};
    },
  );
  const after = await deps.requests.require(request.id);
  await deps.notices.decided(after, deps.clock.now());
  return { request: toApi(after), changes: result.changes };
}
