import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import type { Change } from '@aks-access/plugin-aks-access-common';
import { statusOf, withRetry } from '../resilience/retry';

/** Field manager of every server-side apply; hand edits to other fields survive. */
export const FIELD_MANAGER = 'aks-access';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** An object to apply: a full manifest, of any kind. */
export type ApplyObject = KubernetesObject & {
  apiVersion: string;
  kind: string;
  [field: string]: unknown;
};

/**
 * The parts of `object` that the manifest sets, keys sorted. Server-side
 * apply only answers for those fields; everything else belongs to someone
 * else (or to the API server) and is none of this plugin's business.
 */
function projected(object: unknown, manifest: unknown): string {
  const project = (value: unknown, shape: unknown): unknown => {
    if (!shape || typeof shape !== 'object' || Array.isArray(shape))
      return value;
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.keys(shape)
        .sort()
        .map(k => [
          k,
          project(
            (value as Record<string, unknown>)[k],
            (shape as Record<string, unknown>)[k],
          ),
        ]),
    );
  };
  return JSON.stringify(project(object, manifest));
}

export type KubernetesWriteObserver = (
  object: KubernetesObject,
  deleted: boolean,
) => void;

/** The object client, with its API discovery callable ahead of the first write. */
class DiscoveringObjectApi extends KubernetesObjectApi {
  static forConfig(kubeConfig: KubeConfig): DiscoveringObjectApi {
    const api = kubeConfig.makeApiClient(DiscoveringObjectApi);
    api.setDefaultNamespace(kubeConfig);
    return api;
  }

  learn(apiVersion: string, kind: string) {
    return this.resource(apiVersion, kind);
  }
}

/** What the write path writes, by API version: discovered once per connection. */
const WRITTEN_KINDS: Array<[apiVersion: string, kind: string]> = [
  ['v1', 'Namespace'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
];

/** Reads, applies and deletes objects on one cluster, with retries. */
export class ClusterObjects {
  private readonly api: DiscoveringObjectApi;

  /**
   * @param onWritten - told of every object a write returns or deletes, so
   * the access index shows the write without waiting for its watch event
   */
  constructor(
    readonly cluster: string,
    kubeConfig: KubeConfig,
    private readonly onWritten: KubernetesWriteObserver = () => {},
  ) {
    this.api = DiscoveringObjectApi.forConfig(kubeConfig);
  }

  /**
   * Learns the API server's resources (a GET per API group) that the first
   * write would otherwise stop to learn; a failure only leaves that to it.
   */
  async discover(): Promise<void> {
    await Promise.all(
      WRITTEN_KINDS.map(([apiVersion, kind]) =>
        this.api.learn(apiVersion, kind).catch(() => undefined),
      ),
    );
  }

  private change(ref: ObjectRef, action: Change['action']): Change {
    return {
      target: 'kubernetes',
      cluster: this.cluster,
      kind: ref.kind,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      name: ref.name,
      action,
    };
  }

  /** Plans a create without asking the server (its namespace does not exist yet). */
  plannedCreate(ref: ObjectRef): Change {
    return this.change(ref, 'create');
  }

  /** An object the operation read and leaves as it is. */
  unchanged(ref: ObjectRef): Change {
    return this.change(ref, 'unchanged');
  }

  async read<T extends KubernetesObject>(
    ref: ObjectRef,
  ): Promise<T | undefined> {
    try {
      return (await withRetry(() =>
        this.api.read({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace },
        }),
      )) as T;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    namespace: string,
    labelSelector: string,
  ): Promise<T[]> {
    const list = await withRetry(() =>
      this.api.list<T>(
        apiVersion,
        kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
      ),
    );
    return list.items;
  }

  /**
   * Server-side apply (forced, so drift in our own fields is repaired), or
   * its `dryRun=All` twin. The change says what the apply did or would do.
   * `before` is the object as the caller has just read it (null: absent),
   * which spares reading it again.
   */
  async apply(
    object: ApplyObject,
    dryRun: boolean,
    options: { before?: KubernetesObject | null } = {},
  ): Promise<Change> {
    const ref: ObjectRef = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata!.name!,
      namespace: object.metadata?.namespace,
    };
    const before =
      options.before === undefined
        ? await this.read(ref)
        : options.before ?? undefined;
    const after = await withRetry(() =>
      this.api.patch(
        object,
        undefined,
        dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      ),
    );
    if (!dryRun) this.onWritten(after, false);
    if (!before) return this.change(ref, 'create');
    // A write bumps the resourceVersion (a no-op apply does not); a dry run
    // writes nothing, so there only the fields the manifest sets can tell.
    const wrote =
      !dryRun &&
      after.metadata?.resourceVersion !== before.metadata?.resourceVersion;
    return this.change(
      ref,
      wrote || projected(before, object) !== projected(after, object)
        ? 'update'
        : 'unchanged',
    );
  }

  /** Deletes if present; undefined when there was nothing to delete. */
  async delete(ref: ObjectRef, dryRun: boolean): Promise<Change | undefined> {
    try {
      await withRetry(() =>
        this.api.delete(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            metadata: { name: ref.name, namespace: ref.namespace },
          },
          undefined,
          dryRun ? 'All' : undefined,
        ),
      );
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
    if (!dryRun) {
      const { apiVersion, kind, name, namespace } = ref;
      this.onWritten({ apiVersion, kind, metadata: { name, namespace } }, true);
    }
    return this.change(ref, 'delete');
  }
}
