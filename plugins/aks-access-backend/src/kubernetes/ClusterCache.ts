import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { KUBERNETES_ID_LABEL } from '@aks-access/plugin-aks-access-common';
import type { ObjectStore } from './ObjectStore';
import {
  WATCHED_KINDS,
  WATCHED_PATHS,
  WatchedResource,
  WatchedTypes,
} from './resources';
import { ResourceWatcher, WatcherHealth } from './ResourceWatcher';

export interface ClusterCacheHealth {
  syncedAt?: Date;
  failing?: { message: string; since: Date };
}

/** Everything the access index keeps of one cluster's API, kept fresh by watches. */
export class ClusterCache {
  private readonly watchers: {
    [R in WatchedResource]: ResourceWatcher<WatchedTypes[R]>;
  };
  private namespacesByKubernetesId?: {
    version: number;
    map: Map<string, string[]>;
  };

  constructor(
    kubeConfig: KubeConfig,
    counters: { kubernetesCalls: number },
    onChange?: () => void,
  ) {
    const watcher = <R extends WatchedResource>(resource: R) =>
      new ResourceWatcher<WatchedTypes[R]>({
        kubeConfig,
        path: WATCHED_PATHS[resource],
        onRequest: () => counters.kubernetesCalls++,
        onChange,
      });
    this.watchers = {
      namespaces: watcher('namespaces'),
      serviceaccounts: watcher('serviceaccounts'),
      roles: watcher('roles'),
      rolebindings: watcher('rolebindings'),
      clusterroles: watcher('clusterroles'),
      clusterrolebindings: watcher('clusterrolebindings'),
      resourcequotas: watcher('resourcequotas'),
      networkpolicies: watcher('networkpolicies'),
    };
  }

  async start(): Promise<void> {
    await Promise.all(Object.values(this.watchers).map(w => w.start()));
  }

  stop(): void {
    for (const w of Object.values(this.watchers)) w.stop();
  }

  store<R extends WatchedResource>(resource: R): ObjectStore<WatchedTypes[R]> {
    return this.watchers[resource].store as ObjectStore<WatchedTypes[R]>;
  }

  /**
   * An object the write path just applied: its watch event follows, but the
   * view right after the write must already show it.
   */
  observe(object: KubernetesObject, deleted: boolean): void {
    const resource = object.kind && WATCHED_KINDS[object.kind];
    if (!resource) return;
    const { store } = this.watchers[resource];
    if (deleted) store.remove(object as never);
    // A copy: the store slims what it keeps, and the write path still reads this one.
    else store.upsert({ ...object } as never);
  }

  /** The oldest sync and the earliest ongoing failure across the watched resources. */
  health(): ClusterCacheHealth {
    const all: WatcherHealth[] = Object.values(this.watchers).map(
      w => w.health,
    );
    const synced = all.map(h => h.syncedAt);
    const failing = all
      .map(h => h.failing)
      .filter((f): f is NonNullable<typeof f> => !!f)
      .sort((a, b) => a.since.getTime() - b.since.getTime())[0];
    return {
      syncedAt: synced.every(Boolean)
        ? new Date(Math.min(...synced.map(d => d!.getTime())))
        : undefined,
      failing,
    };
  }

  /** Namespaces labelled `backstage.io/kubernetes-id=<id>`. */
  namespacesWithKubernetesId(id: string): string[] {
    const namespaces = this.store('namespaces');
    if (this.namespacesByKubernetesId?.version !== namespaces.version) {
      const map = new Map<string, string[]>();
      for (const ns of namespaces.list()) {
        const value = ns.metadata?.labels?.[KUBERNETES_ID_LABEL];
        if (value)
          map.set(value, [...(map.get(value) ?? []), ns.metadata!.name!]);
      }
      this.namespacesByKubernetesId = { version: namespaces.version, map };
    }
    return this.namespacesByKubernetesId.map.get(id) ?? [];
  }
}
