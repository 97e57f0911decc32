import type { Finding } from '@aks-access/plugin-aks-access-common';
import { finding } from './finding';

/** A grant that reaches further than any team should be given. */
export function overBroad(
  cluster: string,
  namespace: string | undefined,
  key: string,
  title: string,
  detail: string,
  remediation: string,
): Finding {
  return finding('over-broad', [cluster, key], {
    severity: 'high',
    cluster,
    namespace,
    title,
    detail,
    remediation,
  });
}
