import type { StateChange, StateStore } from '../context';
import type { KubeObject } from '../state/types';
import { objectKey, parseObjectKey } from './keys';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  typeKey: string;
  namespace: string;
  object: KubeObject;
  resourceVersion: number;
}

export interface ObjectWrite {
  group: string;
  resource: string;
  namespace?: string;
  name: string;
  /** the new object; undefined deletes */
  object?: KubeObject;
}

type Listener = (event: WatchEvent) => void;

/* Enough history for clients that reconnect after a short gap; older
 * resourceVersions get 410 Gone and the client relists, as with etcd compaction. */
const HISTORY = 20_000;

/**
 * One cluster's objects, indexed by type and namespace so GET and LIST stay
 * fast with 100k objects, plus the watch fan-out. The persisted copy is
 * `ClusterState.objects`; every write goes through here and the store.
 */
export class ClusterObjects {
  private readonly byType = new Map<
    string,
    Map<string, Map<string, KubeObject>>
  >();
  /** sorted `namespace/name` keys per `typeKey|namespace` (or `typeKey|*`), rebuilt lazily after writes */
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly history: WatchEvent[] = [];
  private readonly listeners = new Set<Listener>();
  /** the oldest resourceVersion a watch can resume from */
  private readonly startRv: number;
  private trimmed = false;

  constructor(
    private readonly store: StateStore,
    readonly clusterName: string,
  ) {
    for (const [key, object] of Object.entries(this.cluster.objects)) {
      const { group, resource, namespace, name } = parseObjectKey(key);
      this.bucket(`${group}/${resource}`, namespace).set(name, object);
    }
    this.startRv = this.cluster.resourceVersion;
  }

  private get cluster() {
    return this.store.state.clusters[this.clusterName];
  }

  get resourceVersion(): number {
    return this.cluster.resourceVersion;
  }

  private bucket(typeKey: string, namespace: string) {
    let namespaces = this.byType.get(typeKey);
    if (!namespaces) this.byType.set(typeKey, (namespaces = new Map()));
    let names = namespaces.get(namespace);
    if (!names) namespaces.set(namespace, (names = new Map()));
    return names;
  }

  get(
    typeKey: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.byType
      .get(typeKey)
      ?.get(namespace ?? '')
      ?.get(name);
  }

  /** Objects of a type in etcd key order (namespace, then name), optionally in one namespace. */
  sorted(
    typeKey: string,
    namespace: string | undefined,
  ): { keys: string[]; lookup: (key: string) => KubeObject | undefined } {
    const cacheKey = `${typeKey}|${namespace ?? '*'}`;
    let keys = this.sortedKeys.get(cacheKey);
    const namespaces = this.byType.get(typeKey);
    if (!keys) {
      keys = [];
      for (const [ns, names] of namespaces ?? []) {
        if (namespace !== undefined && ns !== namespace) continue;
        for (const name of names.keys()) keys.push(`${ns}/${name}`);
      }
      keys.sort();
      this.sortedKeys.set(cacheKey, keys);
    }
    return {
      keys,
      lookup: key => {
        const slash = key.indexOf('/');
        return namespaces?.get(key.slice(0, slash))?.get(key.slice(slash + 1));
      },
    };
  }

  *all(typeKey: string, namespace?: string): Iterable<KubeObject> {
    const namespaces = this.byType.get(typeKey);
    if (!namespaces) return;
    if (namespace !== undefined) {
      yield* namespaces.get(namespace)?.values() ?? [];
      return;
    }
    for (const names of namespaces.values()) yield* names.values();
  }

  /** Namespaces holding any object of any type — for namespace deletion. */
  namespacedContents(namespace: string): ObjectWrite[] {
    const out: ObjectWrite[] = [];
    for (const [typeKey, namespaces] of this.byType) {
      const [group, resource] = typeKey.split('/');
      for (const name of namespaces.get(namespace)?.keys() ?? [])
        out.push({ group, resource, namespace, name });
    }
    return out;
  }

  /**
   * Applies writes atomically: each gets the next resourceVersion, the index
   * and the store change together (no await before the store has the change,
   * so concurrent requests always see each other's writes), and watchers
   * hear about them once they are durable.
   */
  async write(writes: ObjectWrite[]): Promise<KubeObject[]> {
    const changes: StateChange[] = [];
    const events: WatchEvent[] = [];
    const results: KubeObject[] = [];
    let rv = this.cluster.resourceVersion;
    for (const w of writes) {
      const typeKey = `${w.group}/${w.resource}`;
      const ns = w.namespace ?? '';
      const names = this.bucket(typeKey, ns);
      const previous = names.get(w.name);
      rv += 1;
      let object: KubeObject;
      if (w.object) {
        object = {
          ...w.object,
          metadata: { ...w.object.metadata, resourceVersion: String(rv) },
        };
        if (!previous) this.invalidate(typeKey, ns);
        names.set(w.name, object);
      } else {
        if (!previous) continue;
        object = {
          ...previous,
          metadata: { ...previous.metadata, resourceVersion: String(rv) },
        };
        names.delete(w.name);
        this.invalidate(typeKey, ns);
      }
      changes.push({
        path: [
          'clusters',
          this.clusterName,
          'objects',
          objectKey(w.group, w.resource, w.namespace, w.name),
        ],
        value: w.object ? object : undefined,
      });
      let type: WatchEventType = 'DELETED';
      if (w.object) type = previous ? 'MODIFIED' : 'ADDED';
      events.push({
        type,
        typeKey,
        namespace: ns,
        object,
        resourceVersion: rv,
      });
      results.push(object);
    }
    if (!changes.length) return results;
    changes.push({
      path: ['clusters', this.clusterName, 'resourceVersion'],
      value: rv,
    });
    await this.store.commit(changes);
    for (const event of events) {
      this.history.push(event);
      for (const listener of this.listeners) listener(event);
    }
    if (this.history.length > HISTORY) {
      this.history.splice(0, this.history.length - HISTORY);
      this.trimmed = true;
    }
    return results;
  }

  private invalidate(typeKey: string, namespace: string) {
    this.sortedKeys.delete(`${typeKey}|*`);
    this.sortedKeys.delete(`${typeKey}|${namespace}`);
  }

  /**
   * Events after `fromRv`, or undefined when that point is no longer in
   * history (the caller answers 410 Expired).
   */
  eventsSince(fromRv: number): WatchEvent[] | undefined {
    if (fromRv >= this.cluster.resourceVersion) return [];
    const resumableFrom = this.trimmed
      ? this.history[0].resourceVersion - 1
      : this.startRv;
    if (fromRv < resumableFrom) return undefined;
    return this.history.filter(e => e.resourceVersion > fromRv);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  closeAll() {
    this.listeners.clear();
  }
}
