import type {
  EntityAccessResponse,
  Grant,
  GrantReviewStatus,
} from '@aks-access/plugin-aks-access-common';
import type { ReviewStamp } from './GrantReviewStore';
import { reviewOverdue } from '../findings/reviewOverdue';
import type { AksAccessClock } from '@aks-access/plugin-aks-access-node';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { Guardrails } from '../policy/Guardrails';
import type { GrantReviewStore } from './GrantReviewStore';

/** What a review status is read from; both the access view and the review use case have it. */
export interface ReviewDeps {
  reviews: GrantReviewStore;
  guardrails: Guardrails;
  clock: AksAccessClock;
  registry: ClusterRegistry;
}

/** Standing grants in a namespace are recertified; time-bound ones end by themselves. */
export const reviewable = (grant: Grant) =>
  grant.scope === 'namespace' &&
  !grant.expiresAt &&
  (grant.source === 'RoleBinding' || grant.source === 'AzureRoleAssignment');

/**
 * A standing grant's review: when its owners last confirmed it, and when
 * they must again (an interval after that, or after the grant was made if
 * it never was).
 */
export function reviewOf(
  grant: Grant,
  stamp: ReviewStamp | undefined,
  environment: string,
  deps: Pick<ReviewDeps, 'guardrails'>,
  now: Date,
): GrantReviewStatus {
  const since =
    stamp?.lastReviewedAt ??
    (grant.createdAt ? new Date(grant.createdAt) : now);
  const dueAt = deps.guardrails.reviewDueAt(environment, since);
  return {
    ...(stamp
      ? {
          lastReviewedAt: stamp.lastReviewedAt.toISOString(),
          reviewedBy: stamp.reviewedBy,
        }
      : {}),
    dueAt: dueAt.toISOString(),
    overdue: now > dueAt,
  };
}

/** The access view with each standing grant's review, and a finding for each overdue one. */
export async function withReviews(
  view: EntityAccessResponse,
  deps: ReviewDeps,
): Promise<EntityAccessResponse> {
  const stamps = await deps.reviews.forEntity(
    view.entityRef.toLocaleLowerCase('en-US'),
  );
  const now = deps.clock.now();
  const findings = [...view.findings];
  const namespaces = view.namespaces.map(ns => {
    const environment =
      deps.registry.get(ns.cluster).config.environment ?? 'default';
    const grants = ns.grants.map(grant => {
      if (!reviewable(grant)) return grant;
      const review = reviewOf(
        grant,
        stamps.get(grant.id),
        environment,
        deps,
        now,
      );
      const reviewed: Grant = { ...grant, review };
      if (review.overdue) {
        findings.push(reviewOverdue(ns.cluster, ns.namespace, reviewed));
      }
      return reviewed;
    });
    return { ...ns, grants };
  });
  return { ...view, namespaces, findings };
}
