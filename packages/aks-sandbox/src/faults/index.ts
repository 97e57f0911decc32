export { createTokenBucket, createKeyedTokenBuckets } from './tokenBucket';
export type { TokenBucket } from './tokenBucket';
export { applyLatency } from './latency';
export {
  pickRandomKubeServerError,
  pickRandomServerError,
} from './randomServerError';
export { isPrincipalStillReplicating } from './principalReplication';
export { createFicWriteLocks } from './ficWriteLocks';
export type { FicWriteLocks } from './ficWriteLocks';
