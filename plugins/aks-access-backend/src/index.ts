/**
 * The aks-access backend plugin. Modules extend it through
 * `@aks-access/plugin-aks-access-node`.
 *
 * @packageDocumentation
 */
export { aksAccessPlugin as default } from './plugin';
