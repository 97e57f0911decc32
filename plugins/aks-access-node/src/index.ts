/**
 * What aks-access backend modules build on: the environment extension point
 * (a module that stands in for Azure, or finds clusters, sets it) and the
 * configuration types it speaks in, and the fields its actions (scaffolder
 * and actions registry) describe their input with.
 *
 * @packageDocumentation
 */
export { aksAccessEnvironmentExtensionPoint } from './environment';
export type {
  AksAccessEnvironment,
  AksAccessEnvironmentExtensionPoint,
} from './environment';
export type {
  AzureConfig,
  AzureCredentialConfig,
  ClusterAuth,
  ClusterConfig,
} from './config';
export { aksAccessClockServiceRef } from './clock';
export type { AksAccessClock } from './clock';
export { actionInputFields, actionOutputFields } from './actionFields';
export type { ActionZod } from './actionFields';
