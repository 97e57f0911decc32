import type { FaultConfig } from '../context';

/** Delays a call by the configured latency, if any. */
export async function applyLatency(faults: FaultConfig): Promise<void> {
  const ms = faults.latencyMs ?? 0;
  if (ms > 0) await new Promise(resolve => setTimeout(resolve, ms));
}
