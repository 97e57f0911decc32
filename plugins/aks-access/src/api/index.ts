export { aksAccessApiRef } from './aksAccessApiRef';
export type { AksAccessApi } from './aksAccessApiRef';
