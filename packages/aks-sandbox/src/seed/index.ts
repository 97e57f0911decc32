import type { SandboxUrls } from '../context';
import type { SandboxState } from '../state/types';
import { buildBaseState, buildDemoState } from './demo';
import { buildLargeState } from './large';
import { buildXlargeState } from './xlarge';

export type SeedName = 'demo' | 'large' | 'xlarge' | 'empty';

export function buildSeed(seed: SeedName, urls: SandboxUrls): SandboxState {
  switch (seed) {
    case 'large':
      return buildLargeState(urls);
    case 'xlarge':
      return buildXlargeState(urls);
    case 'empty':
      return buildBaseState(urls);
    default:
      return buildDemoState(urls);
  }
}
