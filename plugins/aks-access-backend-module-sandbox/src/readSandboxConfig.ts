import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { targetPaths } from '@backstage/cli-common';
import type { FaultConfig, SeedName } from '@aks-access/sandbox';

export interface SandboxConfig {
  enabled: boolean;
  /** Absent: in memory only. */
  dataDir?: string;
  seed?: SeedName;
  faults?: FaultConfig;
}

const SEEDS = ['demo', 'large', 'xlarge', 'empty'];

/** `aksAccess.sandbox`; see config.d.ts. */
export function readSandboxConfig(root: Config): SandboxConfig {
  const config = root.getOptionalConfig('aksAccess.sandbox');
  const seed = config?.getOptionalString('seed');
  if (seed && !SEEDS.includes(seed)) {
    throw new InputError(
      `aksAccess.sandbox.seed '${seed}' is not one of ${SEEDS.join(', ')}`,
    );
  }
  const persist = config?.getOptionalBoolean('persist') ?? true;
  // The repository root, not the backend package's folder, so that `npm
  // start` and `npm run sandbox` from the root find the same world.
  const dataDir =
    config?.getOptionalString('dataDir') ??
    targetPaths.resolveRoot('.aks-sandbox');
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? false,
    dataDir: persist ? dataDir : undefined,
    seed: seed as SeedName | undefined,
    faults: config?.getOptional('faults'),
  };
}
