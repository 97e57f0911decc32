import type { FaultConfig } from '../context';
import type { ServicePrincipal } from '../state/types';

/**
 * True while a new service principal has not yet replicated to the directory
 * replica that ARM's role-assignment write reads, so ARM cannot see it.
 */
export function isPrincipalStillReplicating(
  faults: FaultConfig,
  principal: ServicePrincipal,
  now: number = Date.now(),
): boolean {
  const window = faults.principalReplicationMs ?? 0;
  return window > 0 && now - principal.createdAt < window;
}
