import { isError, NotAllowedError } from '@backstage/errors';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AksAccessOperationName,
  aksAccessOperations,
  Change,
} from '@aks-access/plugin-aks-access-common';
import { requirePermission } from './requirePermission';
import { ChangeLog } from './ChangeLog';
import { describeError } from './describeError';
import type { Caller, OperationDeps } from './OperationDeps';

export interface OperationScope {
  operation: AksAccessOperationName;
  entityRef: string;
  cluster: string;
  namespace: string;
  dryRun: boolean;
}

function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return (
    principal.userEntityRef ??
    `${principal.type}:${principal.subject ?? 'unknown'}`
  );
}

function summarize(changes: Change[]): string {
  return changes
    .filter(c => c.action !== 'unchanged')
    .map(
      c =>
        `${c.action} ${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${
          c.name
        }`,
    )
    .join(', ');
}

/**
 * The frame of every write: permission on the entity, one writer per
 * namespace across replicas, an audit row whatever happens, and a fresh
 * index afterwards. A failure says what had been done, and that running the
 * same request again completes it.
 */
export async function runOperation<T extends object>(
  deps: OperationDeps,
  caller: Caller,
  scope: OperationScope,
  body: (log: ChangeLog) => Promise<T>,
  options: {
    deletedAssignmentIds?: () => string[];
    /** Identities the operation federated, whose FICs the index must read. */
    identityClientIds?: () => string[];
  } = {},
): Promise<T & { changes: Change[] }> {
  const { auditAction: action, permission } =
    aksAccessOperations[scope.operation];
  if (deps.writesRefused) throw new NotAllowedError(deps.writesRefused);
  // Ownership is the user's: a service token acting for nobody owns nothing.
  const { type } = caller.credentials.principal as { type: string };
  if (type !== 'user') {
    throw new NotAllowedError(
      `${action} acts for a signed-in user, and this request carries ${type} credentials acting for nobody; call with the user's token (scaffolder actions pass the task initiator's)`,
    );
  }
  await requirePermission(
    deps.permissions,
    caller.credentials,
    permission,
    scope.entityRef,
  );
  const log = new ChangeLog();
  const actor = actorOf(caller.credentials);
  const auditEvent = await deps.auditor?.createEvent({
    eventId: action.replace('.', '-'),
    severityLevel: scope.dryRun ? 'low' : 'medium',
    meta: {
      actor,
      entityRef: scope.entityRef,
      cluster: scope.cluster,
      namespace: scope.namespace,
      dryRun: scope.dryRun,
    },
  });
  const record = (outcome: 'success' | 'failure', error?: string) =>
    deps.audit.record({
      actor,
      action,
      entityRef: scope.entityRef,
      cluster: scope.cluster,
      namespace: scope.namespace,
      dryRun: scope.dryRun,
      outcome,
      changes: log.changes,
      error,
    });

  const execute = () => body(log);
  let succeeded = false;
  try {
    const result = scope.dryRun
      ? await execute()
      : await deps.lock.withLock(
          `namespace:${scope.cluster}/${scope.namespace}`,
          execute,
        );
    succeeded = true;
    await record('success');
    await auditEvent?.success({ meta: { changes: log.changes.length } });
    return { ...result, changes: log.changes };
  } catch (error) {
    const done = summarize(log.changes);
    const message = `${describeError(error)}${
      done
        ? ` (done before the failure: ${done}; run the same request again to complete it)`
        : ''
    }`;
    await record('failure', message);
    await auditEvent?.fail({
      error: isError(error) ? error : new Error(message),
    });
    if (isError(error)) {
      error.message = message;
      throw error;
    }
    throw new Error(message);
  } finally {
    // Also after a run that changed nothing: the index may have missed an
    // earlier write (its refresh failed), and a re-run is how users fix that.
    // Kubernetes objects the run applied are in the index already
    // (ClusterObjects tells it), so only a run that touched Azure re-reads it.
    const touchedAzure = log.changes.some(c => c.target === 'azure');
    if (!scope.dryRun && (succeeded || log.writes) && touchedAzure) {
      await deps.index
        .invalidate(scope.cluster, {
          deletedAssignmentIds: options.deletedAssignmentIds?.(),
          identityClientIds: options.identityClientIds?.(),
        })
        .catch(e =>
          deps.logger.warn(`Index refresh after ${action} failed: ${e}`),
        );
    }
  }
}
