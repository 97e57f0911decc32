import type { FaultConfig } from '../context';

/** A transient 500 or 503, half and half, at `rate` (0..1). */
function pick(
  rate: number | undefined,
  random: () => number,
): 500 | 503 | undefined {
  if (!rate || rate <= 0 || random() >= rate) return undefined;
  return random() < 0.5 ? 500 : 503;
}

/**
 * Decides whether this call fails with a transient 5xx, and which: ARM's
 * gateway answers both 500 and 503 under load, and clients must retry both.
 */
export function pickRandomServerError(
  faults: FaultConfig,
  random: () => number = Math.random,
): 500 | 503 | undefined {
  return pick(faults.armErrorRate, random);
}

/**
 * The same for a Kubernetes API request (`kubeErrorRate`): a 500 as
 * kube-apiserver answers when etcd times out, or a 503 as it answers while
 * it shuts down (AKS replaces control-plane instances under load and on
 * upgrades).
 */
export function pickRandomKubeServerError(
  faults: FaultConfig,
  random: () => number = Math.random,
): 500 | 503 | undefined {
  return pick(faults.kubeErrorRate, random);
}
