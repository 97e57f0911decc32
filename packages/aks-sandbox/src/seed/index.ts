import type { SandboxUrls } from '../context';
import type { SandboxState } from '../state/types';
import { buildBaseState, buildDemoState } from './demo';
import { buildLargeState } from './large';

export type SeedName = 'demo' | 'large' | 'empty';

export function buildSeed(seed: SeedName, urls: SandboxUrls): SandboxState {
  switch (seed) {
    case 'large':
      return buildLargeState(urls);
    case 'empty':
      return buildBaseState(urls);
    default:
      return buildDemoState(urls);
  }
}
