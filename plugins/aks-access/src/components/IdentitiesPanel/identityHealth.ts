import type {
  FederatedIdentityCredential,
  FicCheck,
  WorkloadIdentity,
} from '@aks-access/plugin-aks-access-common';

const CHECKED_FIELDS = ['issuer', 'subject', 'audience'] as const;

function describeMismatch(field: string, check: FicCheck): string {
  const actual = check.actual === undefined ? 'missing' : `"${check.actual}"`;
  return `${field} is ${actual}, expected "${check.expected}"`;
}

/** Why Entra would refuse a token exchange with this FIC; empty when it would accept. */
export function ficMismatches(fic: FederatedIdentityCredential): string[] {
  return CHECKED_FIELDS.filter(field => !fic.checks[field].ok).map(field =>
    describeMismatch(field, fic.checks[field]),
  );
}

/**
 * What stops the pods from reaching Azure. A token exchange needs the identity
 * to exist and at least one FIC to match on all three fields.
 */
export function identityProblems(identity: WorkloadIdentity): string[] {
  if (!identity.identity) {
    return [
      `No managed identity has client ID ${identity.clientId}, the one the ServiceAccount is annotated with`,
    ];
  }
  if (identity.fics.length === 0) {
    return [
      `Identity ${identity.identity.name} has no federated credential for this ServiceAccount`,
    ];
  }
  if (identity.fics.some(fic => ficMismatches(fic).length === 0)) return [];
  return [
    `No federated credential on ${identity.identity.name} matches: token exchange fails with AADSTS70021`,
  ];
}

export function isIdentityHealthy(identity: WorkloadIdentity): boolean {
  return identityProblems(identity).length === 0;
}
