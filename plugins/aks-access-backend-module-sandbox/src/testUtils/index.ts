/*
 * What tests and benchmarks of aks-access run on: a test backend with the
 * plugin and this module, and ways to reach the sandbox behind it.
 */
export {
  exampleEntities,
  startAksAccessTestBackend,
} from './startAksAccessTestBackend';
export {
  api,
  examplePolicy,
  startWritePathTestBackend,
  useBackendOnSandboxOnDisk,
} from './writePathTestBackend';
export type { TestBackend } from './writePathTestBackend';
export { SandboxOnDisk } from './sandboxOnDisk';
export { testClock, testScheduler } from './testTime';
export { postgresDatabases, postgresUnavailable } from './postgres';
export {
  SandboxCalls,
  longestSequentialChain,
  sandboxPorts,
} from './sandboxCalls';
export type { SandboxCall } from './sandboxCalls';
export { identitiesNamed, inventory, problems } from './sandboxInvariants';
export type { Scope } from './sandboxInvariants';
export { embeddedSandboxOn } from '../embeddedSandbox';
export { sandboxEnvironment } from '../sandboxEnvironment';
// The world the tests assert on, so that they need no import of the sandbox.
export { demoWorld, startSandbox } from '@aks-access/sandbox';
export type {
  FaultConfig,
  RunningSandbox,
  SandboxState,
} from '@aks-access/sandbox';
export { ownershipPermissions } from './ownershipPermissions';
