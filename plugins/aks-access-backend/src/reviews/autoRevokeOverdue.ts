import type { LoggerService } from '@backstage/backend-plugin-api';
import { ENTITY_REF_ANNOTATION } from '@aks-access/plugin-aks-access-common';
import { grantsIn } from '../access/entityAccess';
import { reviewable, reviewOf } from './grantReviews';
import type { ReviewStamp } from './GrantReviewStore';
import type { OperationDeps } from '../operations/OperationDeps';
import { verifyGrant } from '../grants/grantStrategies';
import { EXPIRY_TASK, runOperation } from '../operations/runOperation';

const DAY_MS = 86400_000;

/**
 * With `reviews.autoRevokeAfterDays` set: every managed standing grant that
 * many days past its review's due date is revoked, through the same checks
 * as a revoke from Backstage. It walks every onboarded namespace in the
 * index, so it runs in its own, infrequent task.
 */
export async function autoRevokeOverdue(
  deps: OperationDeps,
  logger: LoggerService,
): Promise<number> {
  const after = deps.guardrails.policy.reviews.autoRevokeAfterDays;
  if (after === undefined) return 0;
  const now = deps.clock.now();
  const stampsOf = new Map<string, Map<string, ReviewStamp>>();
  let revoked = 0;
  for (const cluster of deps.registry.list()) {
    let cache;
    try {
      cache = deps.index.kubernetes(cluster.name);
    } catch {
      continue; // not reachable now; the next run tries again
    }
    const environment = cluster.config.environment ?? 'default';
    for (const ns of cache.store('namespaces').list()) {
      const entityRef =
        ns.metadata?.annotations?.[ENTITY_REF_ANNOTATION]?.toLocaleLowerCase(
          'en-US',
        );
      if (!entityRef) continue;
      if (!stampsOf.has(entityRef)) {
        stampsOf.set(entityRef, await deps.reviews.forEntity(entityRef));
      }
      const namespace = ns.metadata!.name!;
      const { grants } = grantsIn(
        cluster,
        namespace,
        cache,
        deps.index,
        deps.principals,
        deps.registry,
      );
      for (const grant of grants.filter(g => g.managed && reviewable(g))) {
        const review = reviewOf(
          grant,
          stampsOf.get(entityRef)!.get(grant.id),
          environment,
          deps,
          now,
        );
        if (now.getTime() < Date.parse(review.dueAt) + after * DAY_MS) continue;
        try {
          const verified = await verifyGrant(deps, grant.id, false);
          await runOperation(
            deps,
            EXPIRY_TASK,
            {
              operation: 'autoRevokeGrant',
              entityRef: verified.entityRef,
              cluster: cluster.name,
              namespace,
              dryRun: false,
              subject: { grantId: grant.id, principal: grant.principal.id },
            },
            async log => {
              await verified.remove(log);
              await deps.reviews.forget(grant.id);
              return {};
            },
            { deletedAssignmentIds: () => verified.deletedAssignmentIds },
          );
          revoked++;
        } catch (error) {
          logger.warn(
            `Auto-revoking overdue grant ${grant.id} failed: ${error}`,
          );
        }
      }
    }
  }
  return revoked;
}
