import type {
  EntityAccessResponse,
  Finding,
  GrantLevel,
} from '@aks-access/plugin-aks-access-common';
import { isServiceFinding } from '../FindingsPanel/findingText';
import { worstFinding } from '../FindingsPanel/severity';

const WRITE_OR_HIGHER: readonly GrantLevel[] = [
  'write',
  'admin',
  'cluster-admin',
];

export interface CardSummary {
  namespaceCount: number;
  writersCount: number;
  identityCount: number;
  healthyIdentityCount: number;
  /** The service's own findings, which its team can fix, but overdue reviews. */
  serviceFindingCount: number;
  /** Grants overdue for review: one task, the access review, not one finding each. */
  overdueReviewCount: number;
  /** Findings on the clusters, which the platform team fixes. */
  clusterFindingCount: number;
  /** The worst of the service's own findings; the clusters' only when it has none. */
  worstFinding?: Finding;
}

export function summarize(access: EntityAccessResponse): CardSummary {
  const writers = new Set(
    [...access.namespaces, ...access.clusterGrants].flatMap(({ grants }) =>
      grants
        .filter(grant => WRITE_OR_HIGHER.includes(grant.level))
        .map(grant => `${grant.principal.kind}:${grant.principal.id}`),
    ),
  );
  const overdue = access.findings.filter(f => f.kind === 'review-overdue');
  const rest = access.findings.filter(f => f.kind !== 'review-overdue');
  const own = rest.filter(isServiceFinding);
  return {
    namespaceCount: access.namespaces.length,
    writersCount: writers.size,
    identityCount: access.identities.length,
    healthyIdentityCount: access.identities.filter(
      identity => identity.health.status === 'healthy',
    ).length,
    serviceFindingCount: own.length,
    overdueReviewCount: overdue.length,
    clusterFindingCount: rest.length - own.length,
    worstFinding: worstFinding(own) ?? worstFinding(rest),
  };
}
