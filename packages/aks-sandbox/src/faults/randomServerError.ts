import type { FaultConfig } from '../context';

/**
 * Decides whether this call fails with a transient 5xx, and which: ARM's
 * gateway answers both 500 and 503 under load, and clients must retry both.
 */
export function pickRandomServerError(
  faults: FaultConfig,
): 500 | 503 | undefined {
  const rate = faults.armErrorRate ?? 0;
  if (rate <= 0 || Math.random() >= rate) return undefined;
  return Math.random() < 0.5 ? 500 : 503;
}
