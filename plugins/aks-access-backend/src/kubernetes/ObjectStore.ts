import type { KubernetesObject } from '@kubernetes/client-node';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * One copy of each string that many objects repeat: API versions and groups,
 * namespaces, and the roles and subjects RoleBindings name (a team's group
 * id is bound in every namespace it works in). JSON.parse gives every value
 * its own copy, a million times on a fleet.
 */
class SharedStrings {
  private readonly strings = new Map<string, string>();

  get<S extends string | undefined>(value: S): S {
    if (value === undefined) return value;
    const shared = this.strings.get(value);
    if (shared !== undefined) return shared as S;
    this.strings.set(value, value);
    return value;
  }
}

const REFERENCE_KEYS = ['apiGroup', 'kind', 'name', 'namespace'] as const;

type Reference = Partial<Record<(typeof REFERENCE_KEYS)[number], string>>;

/**
 * What the store keeps of an object: its body, and of its metadata only what
 * the index reads. On a real cluster managedFields and kubectl's
 * last-applied copy are often most of an object's bytes (client-go's
 * informers strip them with a transform for the same reason), and uid and
 * resourceVersion are two more strings each, a million times on a fleet.
 * The store owns what it is given (a parsed LIST page or watch event), so
 * the object itself is slimmed rather than copied; inside a binding's
 * references only strings are swapped for equal ones. Timestamps stay the
 * strings the API server sent.
 */
function kept<T extends KubernetesObject>(object: T, shared: SharedStrings): T {
  const m = object.metadata;
  if (!m) return object;
  let annotations = m.annotations;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...rest } = annotations;
    annotations = rest;
  }
  const { roleRef, subjects } = object as {
    roleRef?: Reference;
    subjects?: Reference[];
  };
  const share = (reference: Reference) => {
    for (const key of REFERENCE_KEYS) {
      // Only present keys: a new one would change the object's shape.
      if (reference[key] !== undefined)
        reference[key] = shared.get(reference[key]);
    }
  };
  // Without a joined array: this runs for each of a fleet's million bindings.
  if (roleRef) share(roleRef);
  subjects?.forEach(share);
  if (object.apiVersion !== undefined)
    object.apiVersion = shared.get(object.apiVersion);
  if (object.kind !== undefined) object.kind = shared.get(object.kind);
  object.metadata = {
    name: m.name,
    namespace: shared.get(m.namespace),
    labels: m.labels,
    annotations,
    creationTimestamp: m.creationTimestamp,
    deletionTimestamp: m.deletionTimestamp,
  };
  return object;
}

type ByNamespace<T> = Map<string, Map<string, T>>;

function put<T extends KubernetesObject>(into: ByNamespace<T>, object: T) {
  const ns = object.metadata?.namespace ?? '';
  let objects = into.get(ns);
  if (!objects) {
    objects = new Map();
    into.set(ns, objects);
  }
  objects.set(object.metadata!.name!, object);
}

/**
 * Objects of one resource by namespace and name, as `kept` keeps them.
 * `version` moves on every change, so derived indexes know when to rebuild.
 */
export class ObjectStore<T extends KubernetesObject> {
  version = 0;
  private byNamespace: ByNamespace<T> = new Map();
  /** Renewed by each full LIST, so strings no object names any more go with it. */
  private shared = new SharedStrings();

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

  /** Takes the object as its own: see `kept`. */
  upsert(object: T): void {
    put(this.byNamespace, kept(object, this.shared));
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

  /**
   * A fresh LIST, taken page by page: each object is kept as its page
   * arrives, so the parsed page can go at once rather than a whole
   * resource's pages at the end; reads see the old objects until `commit`.
   */
  replacement(): { add(object: T): void; commit(): void } {
    const next: ByNamespace<T> = new Map();
    const shared = new SharedStrings();
    return {
      add: object => put(next, kept(object, shared)),
      commit: () => {
        this.byNamespace = next;
        this.shared = shared;
        this.version++;
      },
    };
  }
}
