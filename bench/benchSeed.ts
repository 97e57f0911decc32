import type { startSandbox } from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

type SeedName = NonNullable<Parameters<typeof startSandbox>[0]>['seed'];

/**
 * The seed a benchmark runs on: `--seed xlarge` (or `--seed=xlarge`, or
 * BENCH_SEED=xlarge), the large seed otherwise, so earlier figures stay
 * comparable.
 */
export function benchSeed(): 'large' | 'xlarge' {
  const args = process.argv.slice(2);
  const at = args.indexOf('--seed');
  const seed =
    (at >= 0 ? args[at + 1] : undefined) ??
    args.find(a => a.startsWith('--seed='))?.slice('--seed='.length) ??
    process.env.BENCH_SEED ??
    'large';
  if (seed !== 'large' && seed !== 'xlarge')
    throw new Error(`--seed takes large or xlarge, not "${seed}"`);
  return seed satisfies SeedName;
}
