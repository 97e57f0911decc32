import type {
  Finding,
  FindingSeverity,
} from '@aks-access/plugin-aks-access-common';

const SEVERITY_RANK: Record<FindingSeverity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  info: 4,
};

/** Most severe first; ties keep the backend's order, which is stable. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  );
}

export function worstFinding(
  findings: readonly Finding[],
): Finding | undefined {
  return bySeverity(findings)[0];
}
