import type { Finding, Grant } from '@aks-access/plugin-aks-access-common';
import { finding } from './finding';

/** A grant whose owners have not confirmed it within the review interval. */
export function reviewOverdue(
  cluster: string,
  namespace: string,
  grant: Grant,
): Finding {
  const who = grant.principal.displayName ?? grant.principal.id;
  return finding('review-overdue', [cluster, namespace, grant.id], {
    severity: 'medium',
    cluster,
    namespace,
    title: `Access review overdue: ${who} (${grant.level}) in ${namespace}`,
    detail: `${who} holds ${
      grant.level
    } in ${namespace} on ${cluster} through ${
      grant.source
    }, and its review was due ${grant.review!.dueAt}${
      grant.review!.lastReviewedAt
        ? ` (last reviewed ${grant.review!.lastReviewedAt} by ${
            grant.review!.reviewedBy
          })`
        : ' (never reviewed)'
    }.`,
    remediation: `Review access on the entity's AKS Access tab (Review access): keep it if it is still needed, or revoke it. The API is POST /api/aks-access/grants/reviews with { decisions: [{ grantId, decision: 'keep' | 'revoke' }] }.`,
  });
}
