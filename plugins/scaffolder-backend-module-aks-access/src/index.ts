/**
 * Scaffolder actions of AKS Access for Backstage: aks:namespace:onboard,
 * aks:access:grant and aks:workload-identity:federate.
 *
 * @packageDocumentation
 */

export { scaffolderModuleAksAccess as default } from './module';
export * from './actions';
