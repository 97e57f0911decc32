import type { SandboxState } from './state/types';

/**
 * One durable write: set (or, with `value` undefined, delete) the node at
 * `path` inside SandboxState, e.g. ['roleAssignments', id] or
 * ['clusters', 'aks-dev-weu', 'objects', key].
 */
export interface StateChange {
  path: string[];
  value?: unknown;
}

export interface StateStore {
  /** The live state. Read freely; never mutate it except through commit(). */
  readonly state: SandboxState;
  /**
   * Applies the changes in memory and appends them to the journal (fsync'd)
   * as one record before resolving, so an acknowledged write survives a kill.
   */
  commit(changes: StateChange[]): Promise<void>;
}

export interface FaultConfig {
  /** added to every ARM, Entra and Kubernetes call */
  latencyMs?: number;
  /** ARM token bucket per subscription: capacity and refill per second; 429 + Retry-After when empty */
  armThrottle?: { capacity: number; refillPerSecond: number };
  /** role assignments for principals younger than this fail PrincipalNotFound unless principalType is set */
  principalReplicationMs?: number;
  /** overlapping FIC writes on one identity within this window get 409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity */
  ficConcurrencyWindowMs?: number;
  /** probability 0..1 of a random 500/503 on ARM writes and reads */
  armErrorRate?: number;
  /** Kubernetes API token bucket (per cluster): 429 + Retry-After when empty */
  kubeThrottle?: { capacity: number; refillPerSecond: number };
  /** probability 0..1 of a random 500/503 `Status` on Kubernetes API requests (decided before a request is answered, so open watches are never cut) */
  kubeErrorRate?: number;
}

export interface SandboxUrls {
  arm: string;
  /** authority host, e.g. https://127.0.0.1:PORT — token endpoint is `${authorityHost}/${tenantId}/oauth2/v2.0/token` */
  authorityHost: string;
  /** Microsoft Graph's stand-in, as https://graph.microsoft.com: `${graph}/v1.0/users/{id}` */
  graph: string;
  clusterApi(cluster: string): string;
  oidcIssuer(cluster: string): string;
}

export interface SandboxContext {
  store: StateStore;
  faults: FaultConfig;
  urls: SandboxUrls;
  caPem: string;
}
