export { startSandbox } from './startSandbox';
export { writeClientFiles } from './clientFiles';
export { buildBackstageConfig } from './backstageConfig';
export type { SandboxBackstageConfig } from './backstageConfig';
export { resetDataDir } from './reset';
export type { ResetResult } from './reset';
export type {
  RunningSandbox,
  SandboxCluster,
  SandboxUser,
  StartSandboxOptions,
} from './startSandbox';
export type {
  FaultConfig,
  SandboxContext,
  SandboxUrls,
  StateChange,
  StateStore,
} from './context';
export type * from './state/types';
export type { SeedName } from './seed';
export * as demoWorld from './seed/demoWorld';
export { roleAssignmentName, uuidv5 } from './seed/uuidv5';
