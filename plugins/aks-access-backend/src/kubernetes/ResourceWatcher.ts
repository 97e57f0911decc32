import {
  KubeConfig,
  KubernetesObject,
  ListWatch,
  Watch,
} from '@kubernetes/client-node';
import { ObjectStore } from './ObjectStore';
import type { PageOptions } from './resources';

const PAGE_SIZE = 500;
const MAX_BACKOFF_MS = 30_000;

export interface WatcherHealth {
  /** When the last full LIST completed. */
  syncedAt?: Date;
  /** The error since which LIST/WATCH has been failing. */
  failing?: { message: string; since: Date };
}

export interface WatcherOptions<T extends KubernetesObject> {
  kubeConfig: KubeConfig;
  path: string;
  list: (
    kc: KubeConfig,
    page: PageOptions,
  ) => Promise<{
    items: T[];
    metadata?: { resourceVersion?: string; _continue?: string };
  }>;
  /** Called for each upstream LIST page, so callers can count what the index costs. */
  onRequest?: () => void;
  onChange?: () => void;
}

/**
 * LIST then WATCH of one resource across all namespaces, into an
 * ObjectStore. A failed watch is retried with backoff by a fresh ListWatch,
 * whose LIST replaces the store, so nothing deleted meanwhile survives.
 */
export class ResourceWatcher<T extends KubernetesObject> {
  readonly store = new ObjectStore<T>();
  readonly health: WatcherHealth = {};
  private listWatch?: ListWatch<T>;
  private retry?: NodeJS.Timeout;
  private backoffMs = 1_000;
  private stopped = false;
  private firstSync: Promise<void>;
  private resolveFirstSync!: () => void;

  constructor(private readonly options: WatcherOptions<T>) {
    this.firstSync = new Promise(resolve => {
      this.resolveFirstSync = resolve;
    });
  }

  /** Resolves after the first LIST, or the first failure (the index answers without this cluster). */
  start(): Promise<void> {
    this.connect();
    return this.firstSync;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.listWatch?.stop();
  }

  private connect() {
    const { kubeConfig, path } = this.options;
    const listWatch = new ListWatch<T>(
      path,
      new Watch(kubeConfig),
      () => this.listAll(),
      false,
    );
    const changed = (apply: (o: T) => void) => (o: T) => {
      apply(o);
      this.options.onChange?.();
    };
    listWatch.on(
      'add',
      changed(o => this.store.upsert(o)),
    );
    listWatch.on(
      'update',
      changed(o => this.store.upsert(o)),
    );
    listWatch.on(
      'delete',
      changed(o => this.store.remove(o)),
    );
    listWatch.on('error', error => this.failed(error));
    this.listWatch = listWatch;
    listWatch.start().catch(error => this.failed(error));
  }

  private async listAll() {
    const items: T[] = [];
    let page: PageOptions = { limit: PAGE_SIZE };
    let resourceVersion: string | undefined;
    for (;;) {
      this.options.onRequest?.();
      const result = await this.options.list(this.options.kubeConfig, page);
      items.push(...result.items);
      resourceVersion = result.metadata?.resourceVersion;
      if (!result.metadata?._continue) break;
      page = { limit: PAGE_SIZE, _continue: result.metadata._continue };
    }
    this.store.replace(items);
    this.options.onChange?.();
    this.health.syncedAt = new Date();
    this.health.failing = undefined;
    this.backoffMs = 1_000;
    this.resolveFirstSync();
    return { items, metadata: { resourceVersion } };
  }

  private failed(error: unknown) {
    if (this.stopped) return;
    const message = describe(error);
    this.health.failing = {
      message,
      since: this.health.failing?.since ?? new Date(),
    };
    this.resolveFirstSync();
    this.listWatch?.stop();
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }
}

function describe(error: unknown): string {
  const e = error as {
    code?: unknown;
    message?: string;
    cause?: { code?: string };
  };
  return e?.message ?? e?.cause?.code ?? String(error);
}
