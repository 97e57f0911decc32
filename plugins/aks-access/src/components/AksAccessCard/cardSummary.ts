import type {
  EntityAccessResponse,
  Finding,
  GrantLevel,
} from '@aks-access/plugin-aks-access-common';
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
  return {
    namespaceCount: access.namespaces.length,
    writersCount: writers.size,
    identityCount: access.identities.length,
    healthyIdentityCount: access.identities.filter(
      identity => identity.health.status === 'healthy',
    ).length,
    worstFinding: worstFinding(access.findings),
  };
}
