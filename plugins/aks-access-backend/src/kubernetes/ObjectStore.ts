import type { KubernetesObject } from '@kubernetes/client-node';

/**
 * Objects of one resource by namespace and name. `version` moves on every
 * change, so derived indexes know when to rebuild.
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
    objects.set(object.metadata!.name!, object);
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
