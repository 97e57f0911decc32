import type { Finding, Grant } from '@aks-access/plugin-aks-access-common';
import { finding } from './finding';

/** The calendar day of an ISO time, which is all a review's due date says. */
const day = (iso: string) => iso.slice(0, 10);

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
    } in ${namespace} on ${cluster}, and its review was due on ${day(
      grant.review!.dueAt,
    )}${
      grant.review!.lastReviewedAt
        ? ` (last reviewed on ${day(grant.review!.lastReviewedAt)})`
        : ' (never reviewed)'
    }.`,
    remediation:
      'Open Review access on this tab: keep the grant if it is still needed, or revoke it.',
  });
}
