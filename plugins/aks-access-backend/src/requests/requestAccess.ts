import { randomUUID } from 'node:crypto';
import { NotAllowedError } from '@backstage/errors';
import {
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  fullEntityRef,
  AccessRequestInput,
  AccessRequestResponse,
  parseIsoDuration,
} from '@aks-access/plugin-aks-access-common';
import { requestSubject, toApi, StoredRequest } from './AccessRequestStore';
import { prepareGrant, writeGrant } from '../grants/grantAccess';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { actorOf, runOperation } from '../operations/runOperation';

/** The catalog's owners of the entity, and the platform group: who may approve. */
async function approversOf(
  deps: OperationDeps,
  entityRef: string,
): Promise<string[]> {
  const entity = await deps.catalog.getEntityByRef(entityRef, {
    credentials: await deps.auth.getOwnServiceCredentials(),
  });
  const owner = entity?.spec?.owner;
  const owners =
    typeof owner === 'string' ? [fullEntityRef(owner, 'group')] : [];
  return [...new Set([...owners, deps.platformGroup])];
}

/** The requester may ask for themselves, or for a catalog group they belong to. */
async function checkPrincipal(
  deps: OperationDeps,
  requester: string,
  principal: string,
) {
  const ref = stringifyEntityRef(parseEntityRef(principal));
  if (ref.startsWith('user:')) {
    if (ref !== requester) {
      throw new NotAllowedError(
        `You can request access only for yourself (${requester}) or for a catalog group you belong to, not for ${ref}`,
      );
    }
    return ref;
  }
  const user = await deps.catalog.getEntityByRef(requester, {
    credentials: await deps.auth.getOwnServiceCredentials(),
  });
  // The catalog's memberOf relations, and the user's own spec.memberOf
  // they are made from.
  const declared = (user?.spec?.memberOf as string[] | undefined) ?? [];
  const groups = [
    ...(user?.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => r.targetRef),
    ...declared.map(g => fullEntityRef(g, 'group')),
  ];
  const member = groups.includes(ref);
  if (!member) {
    throw new NotAllowedError(
      `You can request access for ${ref} only if you are a member of it in the catalog; ${requester} is not`,
    );
  }
  return ref;
}

/**
 * POST /access-requests: time-bound access to a namespace, for any signed-in
 * user. Where the policy needs no approval the grant is made at once;
 * otherwise the request waits for the entity's owners or the platform group.
 */
export async function requestAccess(
  deps: OperationDeps,
  caller: Caller,
  input: AccessRequestInput,
): Promise<AccessRequestResponse> {
  const dryRun = input.dryRun ?? false;
  const requester = actorOf(caller.credentials);
  if (!requester.startsWith('user:')) {
    throw new NotAllowedError(
      'An access request is made by a signed-in user, for themselves or a group they belong to',
    );
  }
  const prepared = await prepareGrant(deps, input);
  const environment = prepared.handle.config.environment ?? 'default';
  const rule = deps.guardrails.accessRequestRule(
    input.level,
    environment,
    input.duration,
  );
  const principal = await checkPrincipal(deps, requester, input.principal);
  const grantee = await prepared.grantee;
  deps.guardrails.checkGrant(input.level, grantee.kind, environment);
  const now = deps.clock.now();
  const seconds = parseIsoDuration(input.duration)!;

  const result = await runOperation(
    deps,
    caller,
    {
      operation: 'requestAccess',
      entityRef: prepared.entityRef,
      cluster: input.cluster,
      namespace: input.namespace,
      dryRun,
      subject: {
        principal,
        level: input.level,
        duration: input.duration,
      },
    },
    async log => {
      // One open request per requester and access: asking again (a re-run
      // template) answers the open one, and re-applies an active grant.
      const open = await deps.requests.findOpen({
        requester,
        principal,
        level: input.level,
        cluster: input.cluster,
        namespace: input.namespace,
      });
      // Ended by the clock, but not yet by the expiry task: not open.
      const until =
        open?.state === 'pending' ? open.pendingUntil : open?.expiresAt;
      if (open && until! > now) {
        log.about({ requestId: open.id });
        if (open.state === 'approved') {
          await writeGrant(deps, prepared, input.level, dryRun, log, until);
        }
        return { stored: open, reused: true };
      }
      const request: StoredRequest = {
        id: randomUUID(),
        entityRef: prepared.entityRef.toLocaleLowerCase('en-US'),
        cluster: input.cluster,
        namespace: input.namespace,
        principal,
        level: input.level,
        duration: input.duration,
        durationSeconds: seconds,
        justification: input.justification,
        requester,
        state: 'pending',
        createdAt: now,
        pendingUntil: new Date(
          now.getTime() +
            deps.guardrails.policy.accessRequests.pendingTimeoutSeconds * 1000,
        ),
        alreadyPermanent: false,
        expiryNotified: false,
      };
      if (rule.approval === 'none') {
        const expiresAt = new Date(now.getTime() + seconds * 1000);
        const granted = await writeGrant(
          deps,
          prepared,
          input.level,
          dryRun,
          log,
          expiresAt,
        );
        Object.assign(request, {
          state: 'approved',
          pendingUntil: undefined,
          decidedAt: now,
          decidedBy: 'policy:no-approval-required',
          grantId: granted.grantId,
          expiresAt,
          alreadyPermanent: granted.alreadyPermanent,
        });
      }
      log.about(requestSubject(request));
      if (!dryRun) await deps.requests.insert(request);
      return { stored: request, reused: false };
    },
  );
  const { stored, changes, reused } = result;
  if (!dryRun && !reused && stored.state === 'pending') {
    await deps.notices.requested(
      stored,
      await approversOf(deps, stored.entityRef).catch(() => [
        deps.platformGroup,
      ]),
    );
  }
  return { request: toApi(stored), changes };
}
