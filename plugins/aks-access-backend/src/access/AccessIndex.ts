import type { LoggerService } from '@backstage/backend-plugin-api';
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION } from '@aks-access/plugin-aks-access-common';
import { AzureSnapshot, ReadFailure } from '../azure/AzureSnapshot';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ClusterCache } from '../kubernetes/ClusterCache';
import type { ClusterStatus } from '@aks-access/plugin-aks-access-common';

/**
 * The plugin's picture of every cluster and of ARM, so the entity view is
 * answered from memory: Kubernetes by watches, ARM by a scheduled refresh.
 * The write path reuses it and calls `invalidate` after it changes something.
 */
export interface AccessIndex {
  readonly azure: AzureSnapshot;
  /** Throws for an unknown cluster; the cache may still be syncing or failing. */
  kubernetes(cluster: string): ClusterCache;
  status(cluster: string): ClusterStatus;
  /**
   * Re-reads ARM for the cluster now (record, assignments, identities and
   * FICs), in a refresh that starts after the call, so the view shows the
   * caller's write. Kubernetes changes arrive by watch; assignments the
   * caller deleted itself are not reported as drift; `identityClientIds`
   * have their FICs read even before a watched ServiceAccount names them.
   * A write whose only Azure changes were such deletes
   * (`onlyDeletedAssignments`) is written through without reading ARM.
   */
  invalidate(
    cluster: string,
    options?: {
      deletedAssignmentIds?: string[];
      identityClientIds?: string[];
      onlyDeletedAssignments?: boolean;
    },
  ): Promise<void>;
  refreshAzure(): Promise<void>;
  /**
   * Follows a change of the registry's clusters: stops watching the removed
   * ones, and reads the added ones (ARM record, LISTs, their subscriptions).
   */
  adopt(change: { added: string[]; removed: string[] }): Promise<void>;
  /** Upstream requests made so far (LIST pages and ARM calls), for the benchmark and tests. */
  upstreamCalls(): { kubernetes: number; arm: number };
}

export class DefaultAccessIndex implements AccessIndex {
  readonly azure: AzureSnapshot;
  private readonly caches = new Map<string, ClusterCache>();
  private readonly counters = { kubernetesCalls: 0 };
  private readonly extraSubscriptions: string[];

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly logger: LoggerService,
    options: { identitySubscriptions?: string[] } = {},
  ) {
    this.azure = new AzureSnapshot(registry.arm, logger, () =>
      this.clientIdsInUse(),
    );
    this.extraSubscriptions = options.identitySubscriptions ?? [];
    registry.onKubernetesWrite((cluster, object, deleted) =>
      this.caches.get(cluster)?.observe(object, deleted),
    );
  }

  /**
   * The cold build: the clusters' ARM records first (API server URLs may
   * come from them), then every cluster's LISTs beside every subscription's
   * ARM lists, and last the FICs of the identities the ServiceAccounts
   * just listed name.
   */
  async start(): Promise<void> {
    await Promise.all(
      this.registry.list().map(c => this.registry.refreshRecord(c.name)),
    );
    await Promise.all([
      ...this.registry.list().map(c => this.watch(c.name)),
      this.azure.refresh(this.subscriptions(), { onlyClientIds: true }),
    ]);
    await this.azure.refresh([]);
  }

  private async watch(name: string): Promise<void> {
    try {
      const cache = new ClusterCache(
        this.registry.get(name).kubeConfig(),
        this.counters,
      );
      this.caches.set(name, cache);
      await cache.start();
    } catch (error) {
      this.logger.warn(`Cannot watch ${name}: ${(error as Error).message}`);
    }
  }

  stop(): void {
    for (const cache of this.caches.values()) cache.stop();
  }

  kubernetes(cluster: string): ClusterCache {
    this.registry.get(cluster);
    let cache = this.caches.get(cluster);
    if (!cache) {
      // The API server was unknown at start (no URL, ARM down); it may be known now.
      cache = new ClusterCache(
        this.registry.get(cluster).kubeConfig(),
        this.counters,
      );
      this.caches.set(cluster, cache);
      cache.start();
    }
    return cache;
  }

  status(name: string): ClusterStatus {
    const cluster = this.registry.get(name);
    const kube = this.caches.get(name)?.health();
    const arm = [cluster.recordError, ...this.azureFailures(name)].map(
      f => f && { message: `ARM: ${f.message}`, since: f.since },
    );
    const failing = [kube?.failing, ...arm]
      .filter((f): f is ReadFailure => !!f)
      .sort((a, b) => a.since.getTime() - b.since.getTime())[0];
    const syncedAt = kube?.syncedAt;
    if (!failing && syncedAt)
      return { reachable: true, since: syncedAt.toISOString() };
    return {
      reachable: false,
      stale: !!syncedAt,
      since: (failing?.since ?? new Date()).toISOString(),
      error: failing?.message ?? 'not synced yet',
    };
  }

  /** What ARM reads the cluster's part of the view rests on are failing. */
  private azureFailures(name: string): Array<ReadFailure | undefined> {
    const cluster = this.registry.get(name);
    const subscriptions = new Set([
      cluster.config.subscriptionId,
      ...this.extraSubscriptions,
    ]);
    const failures = [...subscriptions].map(
      s => this.azure.subscriptionHealth(s).failing,
    );
    const fics = this.azure.federatedCredentialFailures();
    const cache = this.caches.get(name);
    if (fics.size && cache) {
      for (const clientId of this.clientIdsInUse([cache])) {
        failures.push(fics.get(clientId));
      }
    }
    return failures;
  }

  async invalidate(
    cluster: string,
    options: {
      deletedAssignmentIds?: string[];
      identityClientIds?: string[];
      onlyDeletedAssignments?: boolean;
    } = {},
  ): Promise<void> {
    this.azure.expectDeleted(options.deletedAssignmentIds ?? []);
    // An expiry sweep ending many grants would otherwise re-read the
    // subscription once per grant.
    if (options.onlyDeletedAssignments) {
      this.azure.removeAssignments(options.deletedAssignmentIds ?? []);
      return;
    }
    // The write may have made an identity in the policy's subscription.
    const subscriptions = new Set([
      this.registry.get(cluster).config.subscriptionId,
      ...this.extraSubscriptions,
    ]);
    // Independent reads: one round trip, not two, before a write answers.
    await Promise.all([
      this.registry.refreshRecord(cluster),
      // A write changes the FICs of its own identity at most.
      this.azure.refresh([...subscriptions], {
        clientIds: options.identityClientIds,
        onlyClientIds: true,
      }),
    ]);
  }

  async adopt(change: { added: string[]; removed: string[] }): Promise<void> {
    for (const name of change.removed) {
      this.caches.get(name)?.stop();
      this.caches.delete(name);
    }
    if (!change.added.length) return;
    await Promise.all(
      change.added.map(name => this.registry.refreshRecord(name)),
    );
    await Promise.all(change.added.map(name => this.watch(name)));
    await this.refreshAssignmentsAndIdentities();
  }

  async refreshAzure(): Promise<void> {
    await Promise.all(
      this.registry.list().map(c => this.registry.refreshRecord(c.name)),
    );
    await this.refreshAssignmentsAndIdentities();
  }

  private async refreshAssignmentsAndIdentities() {
    await this.azure.refresh(this.subscriptions());
  }

  private subscriptions(): string[] {
    return [
      ...new Set([
        ...this.registry.list().map(c => c.config.subscriptionId),
        ...this.extraSubscriptions,
      ]),
    ];
  }

  /** Identities that some watched ServiceAccount names: only their FICs are read. */
  private clientIdsInUse(
    caches: Iterable<ClusterCache> = this.caches.values(),
  ): Set<string> {
    const ids = new Set<string>();
    for (const cache of caches) {
      for (const sa of cache.store('serviceaccounts').list()) {
        const id =
          sa.metadata?.annotations?.[WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION];
        if (id) ids.add(id.toLowerCase());
      }
    }
    return ids;
  }

  upstreamCalls() {
    return {
      kubernetes: this.counters.kubernetesCalls,
      arm: this.registry.arm.armCalls,
    };
  }
}
