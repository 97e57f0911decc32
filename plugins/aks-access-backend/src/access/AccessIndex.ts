import type { LoggerService } from '@backstage/backend-plugin-api';
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION } from '@aks-access/plugin-aks-access-common';
import { AzureSnapshot } from '../azure/AzureSnapshot';
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
   * Re-reads ARM for the cluster now (record, assignments, identities).
   * Kubernetes changes arrive by watch; assignments the caller deleted
   * itself are not reported as drift.
   */
  invalidate(
    cluster: string,
    options?: { deletedAssignmentIds?: string[] },
  ): Promise<void>;
  refreshAzure(): Promise<void>;
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
    this.azure = new AzureSnapshot(registry.arm, logger);
    this.extraSubscriptions = options.identitySubscriptions ?? [];
  }

  /** The cold build: ARM first (API server URLs may come from it), then every cluster's LISTs. */
  async start(): Promise<void> {
    await Promise.all(
      this.registry.list().map(c => this.registry.refreshRecord(c.name)),
    );
    await Promise.all(
      this.registry.list().map(async cluster => {
        try {
          const cache = new ClusterCache(cluster.kubeConfig(), this.counters);
          this.caches.set(cluster.name, cache);
          await cache.start();
        } catch (error) {
          this.logger.warn(
            `Cannot watch ${cluster.name}: ${(error as Error).message}`,
          );
        }
      }),
    );
    await this.refreshAssignmentsAndIdentities();
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
    const arm = cluster.recordError;
    const failing = [
      kube?.failing,
      arm && { message: `ARM: ${arm.message}`, since: arm.since },
    ]
      .filter((f): f is { message: string; since: Date } => !!f)
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

  async invalidate(
    cluster: string,
    options: { deletedAssignmentIds?: string[] } = {},
  ): Promise<void> {
    this.azure.expectDeleted(options.deletedAssignmentIds ?? []);
    // Independent reads: one round trip, not two, before a write answers.
    await Promise.all([
      this.registry.refreshRecord(cluster),
      this.refreshAssignmentsAndIdentities([
        this.registry.get(cluster).config.subscriptionId,
      ]),
    ]);
  }

  async refreshAzure(): Promise<void> {
    await Promise.all(
      this.registry.list().map(c => this.registry.refreshRecord(c.name)),
    );
    await this.refreshAssignmentsAndIdentities();
  }

  private async refreshAssignmentsAndIdentities(subscriptions?: string[]) {
    const all = new Set([
      ...this.registry.list().map(c => c.config.subscriptionId),
      ...this.extraSubscriptions,
    ]);
    await this.azure.refresh(
      [...(subscriptions ?? all)],
      this.clientIdsInUse(),
    );
  }

  /** Identities that some watched ServiceAccount names: only their FICs are read. */
  private clientIdsInUse(): Set<string> {
    const ids = new Set<string>();
    for (const cache of this.caches.values()) {
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
