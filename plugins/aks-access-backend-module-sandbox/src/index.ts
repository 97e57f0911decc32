/**
 * The local AKS sandbox as a backend module of aks-access.
 *
 * @packageDocumentation
 */
export { aksAccessModuleSandbox as default } from './module';
