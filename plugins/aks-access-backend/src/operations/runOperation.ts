import { isError, NotAllowedError } from '@backstage/errors';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AksAccessOperationName,
  aksAccessOperations,
  AuditAction,
  AuditSubject,
  Change,
} from '@aks-access/plugin-aks-access-common';
import { requirePermission } from '../permissions/requirePermission';
import { ChangeLog } from './ChangeLog';
import { describeError } from './describeError';
import type { Caller, OperationDeps } from './OperationDeps';

/**
 * What the platform's own scheduled task does, with no user behind it: it
 * only ever takes access away, as the policy and the grants' own objects
 * say. Only the task builds one; no route can.
 */
export const SYSTEM_OPERATIONS = {
  expireGrant: { auditAction: 'grant.expire' },
  expireAccessRequest: { auditAction: 'access-request.expire' },
  autoRevokeGrant: { auditAction: 'grant.delete' },
} as const satisfies Record<string, { auditAction: AuditAction }>;

export interface SystemCaller {
  system: 'aks-access-expiry';
}

export const EXPIRY_TASK: SystemCaller = { system: 'aks-access-expiry' };

export interface OperationScope {
  operation: AksAccessOperationName | keyof typeof SYSTEM_OPERATIONS;
  entityRef: string;
  cluster: string;
  namespace: string;
  dryRun: boolean;
  /** What the operation acts on, as far as is known before it runs. */
  subject?: AuditSubject;
}

export function actorOf(credentials: BackstageCredentials): string {
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
  caller: Caller | SystemCaller,
  scope: OperationScope,
  body: (log: ChangeLog) => Promise<T>,
  options: {
    deletedAssignmentIds?: () => string[];
    /** Identities the operation federated, whose FICs the index must read. */
    identityClientIds?: () => string[];
    /**
     * Checked under the namespace's lock before the body: when it is false
     * the operation does nothing and leaves no audit row (another replica's
     * task did it first). Answers undefined then.
     */
    onlyIf?: () => Promise<boolean>;
  } = {},
): Promise<T & { changes: Change[] }> {
  let action: AuditAction;
  let actor: string;
  if ('system' in caller) {
    if (!(scope.operation in SYSTEM_OPERATIONS)) {
      throw new Error(`${scope.operation} is not a system operation`);
    }
    action =
      SYSTEM_OPERATIONS[scope.operation as keyof typeof SYSTEM_OPERATIONS]
        .auditAction;
    actor = `system:${caller.system}`;
  } else {
    const descriptor =
      aksAccessOperations[scope.operation as AksAccessOperationName];
    if (!descriptor) {
      throw new Error(`${scope.operation} runs only as the platform's task`);
    }
    action = descriptor.auditAction;
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
      descriptor.permission,
      scope.entityRef,
    );
    actor = actorOf(caller.credentials);
  }
  const log = new ChangeLog(scope.subject);
  const auditEvent = await deps.auditor?.createEvent({
    eventId: action.replace('.', '-'),
    severityLevel: scope.dryRun ? 'low' : 'medium',
    meta: {
      actor,
      entityRef: scope.entityRef,
      cluster: scope.cluster,
      namespace: scope.namespace,
      dryRun: scope.dryRun,
      ...scope.subject,
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
      subject: log.subject,
      error,
    });

  let skipped = false;
  const execute = async () => {
    if (options.onlyIf && !(await options.onlyIf())) {
      skipped = true;
      return undefined as unknown as T;
    }
    return body(log);
  };
  let succeeded = false;
  try {
    const result = scope.dryRun
      ? await execute()
      : await deps.lock.withLock(
          `namespace:${scope.cluster}/${scope.namespace}`,
          execute,
        );
    succeeded = true;
    if (skipped) return undefined as unknown as T & { changes: Change[] };
    await record('success');
    await auditEvent?.success({
      meta: { changes: log.changes.length, ...log.subject },
    });
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
    const azureChanges = log.changes.filter(c => c.target === 'azure');
    const deleted = options.deletedAssignmentIds?.() ?? [];
    // Deletes of known assignments, and nothing else, need no re-read.
    const onlyDeletedAssignments =
      succeeded &&
      azureChanges.every(
        c =>
          c.kind === 'roleAssignments' &&
          c.action === 'delete' &&
          deleted.some(id => id.toLowerCase() === c.id?.toLowerCase()),
      );
    if (!scope.dryRun && (succeeded || log.writes) && azureChanges.length) {
      const identityClientIds = options.identityClientIds?.();
      await Promise.all([
        deps.index
          .invalidate(scope.cluster, {
            deletedAssignmentIds: deleted,
            identityClientIds,
            onlyDeletedAssignments,
          })
          .catch(e =>
            deps.logger.warn(`Index refresh after ${action} failed: ${e}`),
          ),
        deps.replicas?.publish(scope, azureChanges, identityClientIds),
      ]);
    }
  }
}
