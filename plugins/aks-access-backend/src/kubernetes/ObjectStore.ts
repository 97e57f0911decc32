import type { KubernetesObject } from '@kubernetes/client-node';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What the store keeps of an object: its body, and of its metadata only what
 * the index reads. On a real cluster managedFields and kubectl's
 * last-applied copy are often most of an object's bytes (client-go's
 * informers strip them with a transform for the same reason), and uid and
 * resourceVersion are two more strings each, a million times on a fleet.
 * A new object, so what the write path applied is left as it was.
 * Timestamps stay the strings the API server sent.
 */
function kept<T extends KubernetesObject>(object: T): T {
  const m = object.metadata;
  if (!m) return object;
  let annotations = m.annotations;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...rest } = annotations;
    annotations = rest;
  }
  return {
    ...object,
    metadata: {
      name: m.name,
      namespace: m.namespace,
      labels: m.labels,
      annotations,
      creationTimestamp: m.creationTimestamp,
      deletionTimestamp: m.deletionTimestamp,
    },
  };
}

/**
 * Objects of one resource by namespace and name, as `kept` keeps them.
 * `version` moves on every change, so derived indexes know when to rebuild.
 */
export class ObjectStore<T extends KubernetesObject> {
  version = 0;
  private readonly byNamespace = new Map<string, Map<string, T>>();

  get(name: string, namespace = ''): T | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  list(namespace?: string): T[] {
    if (namespace !== undefined) {
      return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    }
    return [...this.byNamespace.values()].flatMap(m => [...m.values()]);
  }

  get size(): number {
    let n = 0;
    for (const m of this.byNamespace.values()) n += m.size;
    return n;
  }

  upsert(object: T): void {
    const ns = object.metadata?.namespace ?? '';
    let objects = this.byNamespace.get(ns);
    if (!objects) {
      objects = new Map();
      this.byNamespace.set(ns, objects);
    }
    objects.set(object.metadata!.name!, kept(object));
    this.version++;
  }

  remove(object: T): void {
    const ns = object.metadata?.namespace ?? '';
    const objects = this.byNamespace.get(ns);
    if (objects?.delete(object.metadata!.name!)) {
      if (!objects.size) this.byNamespace.delete(ns);
      this.version++;
    }
  }

  /** Replaces everything with a fresh LIST. */
  replace(objects: T[]): void {
    this.byNamespace.clear();
    for (const object of objects) this.upsert(object);
  }
}
