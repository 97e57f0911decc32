export { aksAccessPlugin as default } from './plugin';
export { buildAksAccessServices } from './service/createAksAccessServices';
export type { AksAccessServices } from './service/createAksAccessServices';
export type {
  ClusterRegistry,
  ClusterHandle,
} from './clusters/ClusterRegistry';
export type { AccessIndex } from './access/AccessIndex';
export { entityAccess } from './access/entityAccess';
export { PrincipalDirectory } from './access/PrincipalDirectory';
export type { AksAccessConfig } from './config/types';
export { aksAccessEnvironmentExtensionPoint } from './extensions/environment';
export type {
  AksAccessEnvironment,
  AksAccessEnvironmentExtensionPoint,
} from './extensions/environment';
export type {
  AzureConfig,
  AzureCredentialConfig,
  ClusterAuth,
  ClusterConfig,
} from './config/types';
