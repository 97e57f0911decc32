import type {
  Finding,
  FindingKind,
} from '@aks-access/plugin-aks-access-common';

/** Where a finding is, and what it says. */
export interface FindingContent {
  cluster: string;
  /** Absent for what reaches the whole cluster. */
  namespace?: string;
  severity: Finding['severity'];
  title: string;
  detail: string;
  /** What to do about it, as a sentence or a command. */
  remediation: string;
}

/**
 * The one builder of findings. The id is the kind and `key`, which must name
 * the object the finding is about, so that it stays the same across reads.
 */
export function finding(
  kind: FindingKind,
  key: string[],
  content: FindingContent,
): Finding {
  return { id: [kind, ...key].join(':'), kind, ...content };
}
