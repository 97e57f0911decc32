import http from 'node:http';
import https from 'node:https';
import { KubeConfig, KubernetesObject, Watch } from '@kubernetes/client-node';
import { ObjectStore } from './ObjectStore';

const PAGE_SIZE = 500;
const MAX_BACKOFF_MS = 30_000;

export interface WatcherHealth {
  /** When the last full LIST completed. */
  syncedAt?: Date;
  /** The error since which LIST/WATCH has been failing. */
  failing?: { message: string; since: Date };
}

export interface WatcherOptions {
  kubeConfig: KubeConfig;
  /** The collection path, across all namespaces, for LIST and WATCH. */
  path: string;
  /** Called for each upstream LIST page, so callers can count what the index costs. */
  onRequest?: () => void;
  onChange?: () => void;
}

/**
 * The connection a LIST's pages share. The typed client makes a new agent,
 * so a new TLS handshake with the API server, for every request, and a
 * LIST of a fleet's RoleBindings is thousands of pages. Credentials are
 * still applied to each page (a token may be renewed meanwhile). Behind a
 * proxy each page takes the client's own proxy agent.
 */
class ListConnection {
  readonly server: string;
  private agent?: https.Agent;

  constructor(private readonly kubeConfig: KubeConfig) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('No currently active cluster');
    this.server = cluster.server;
  }

  async requestOptions(): Promise<https.RequestOptions> {
    const options: https.RequestOptions = {
      method: 'GET',
      headers: { Accept: 'application/json' },
    };
    await this.kubeConfig.applyToHTTPSOptions(options);
    const cluster = this.kubeConfig.getCurrentCluster();
    if (cluster?.proxyUrl || !(options.agent instanceof https.Agent))
      return options;
    this.agent ??= new https.Agent({
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      pfx: options.pfx,
      passphrase: options.passphrase,
      servername: options.servername,
      ...(options.rejectUnauthorized !== undefined
        ? { rejectUnauthorized: options.rejectUnauthorized }
        : {}),
      keepAlive: true,
      maxSockets: 1,
    });
    return { ...options, agent: this.agent };
  }

  close() {
    this.agent?.destroy();
  }
}

/**
 * LIST then WATCH of one resource across all namespaces, into an
 * ObjectStore, as the client's ListWatch does, but without its second map
 * of every object: at fleet scale (a million RoleBindings) that map and the
 * typed client's model objects held the index over its memory budget
 * (docs/benchmarks.md). A watch the server
 * closes resumes from the last resourceVersion; one that answers 410 Gone,
 * or fails, is retried with backoff by a fresh LIST, which replaces the
 * store, so nothing deleted meanwhile survives.
 */
export class ResourceWatcher<T extends KubernetesObject> {
  readonly store = new ObjectStore<T>();
  readonly health: WatcherHealth = {};
  /** Where the watch resumes; unset, the next connection LISTs first. */
  private resourceVersion?: string;
  private watch?: AbortController;
  /** Moves with every connection, so a superseded watch's end is ignored. */
  private generation = 0;
  private retry?: NodeJS.Timeout;
  private backoffMs = 1_000;
  private stopped = false;
  private firstSync: Promise<void>;
  private resolveFirstSync!: () => void;

  constructor(private readonly options: WatcherOptions) {
    this.firstSync = new Promise(resolve => {
      this.resolveFirstSync = resolve;
    });
  }

  /** Resolves after the first LIST, or the first failure (the index answers without this cluster). */
  start(): Promise<void> {
    void this.connect();
    return this.firstSync;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.watch?.abort();
  }

  private async connect() {
    const generation = ++this.generation;
    try {
      if (!this.resourceVersion) await this.listAll();
      if (this.stopped || generation !== this.generation) return;
      const watch = await new Watch(this.options.kubeConfig).watch(
        this.options.path,
        { resourceVersion: this.resourceVersion, allowWatchBookmarks: true },
        (phase, object) => {
          if (generation === this.generation) this.apply(phase, object);
        },
        error => this.ended(generation, error),
      );
      if (this.stopped || generation !== this.generation) watch.abort();
      else this.watch = watch;
    } catch (error) {
      if (generation === this.generation) this.failed(error);
    }
  }

  private apply(phase: string, object: any) {
    if (phase === 'ERROR') {
      // 410 Gone: the resourceVersion is too old to resume from.
      if (object?.code === 410) this.resourceVersion = undefined;
      return;
    }
    if (phase === 'ADDED' || phase === 'MODIFIED') this.store.upsert(object);
    else if (phase === 'DELETED') this.store.remove(object);
    const version = object?.metadata?.resourceVersion;
    if (version) this.resourceVersion = version;
    if (phase !== 'BOOKMARK') this.options.onChange?.();
  }

  private ended(generation: number, error: any) {
    if (this.stopped || generation !== this.generation) return;
    if (error && error.statusCode !== 410) {
      this.failed(error);
      return;
    }
    if (error) this.resourceVersion = undefined;
    void this.connect();
  }

  private async listAll() {
    const { kubeConfig, path } = this.options;
    const next = this.store.replacement();
    const connection = new ListConnection(kubeConfig);
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    try {
      do {
        this.options.onRequest?.();
        const page = await listPage<T>(connection, path, continueToken);
        for (const item of page.items) next.add(item);
        resourceVersion = page.metadata?.resourceVersion;
        continueToken = page.metadata?.continue;
      } while (continueToken);
    } finally {
      connection.close();
    }
    next.commit();
    this.options.onChange?.();
    this.resourceVersion = resourceVersion;
    this.health.syncedAt = new Date();
    this.health.failing = undefined;
    this.backoffMs = 1_000;
    this.resolveFirstSync();
  }

  private failed(error: unknown) {
    if (this.stopped) return;
    const message = describe(error);
    this.health.failing = {
      message,
      since: this.health.failing?.since ?? new Date(),
    };
    this.resolveFirstSync();
    this.generation++;
    this.watch?.abort();
    this.watch = undefined;
    this.resourceVersion = undefined;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }
}

/**
 * One LIST page, parsed as plain JSON like the client's Watch parses its
 * events, with the kubeconfig's own TLS, proxy and credentials. The typed
 * client would turn each item into model classes first (Date objects and
 * all), which the index does not need and which, for a million objects,
 * costs both the build time and the memory the fleet targets bound.
 */
async function listPage<T extends KubernetesObject>(
  connection: ListConnection,
  path: string,
  continueToken: string | undefined,
): Promise<{
  items: T[];
  metadata?: { resourceVersion?: string; continue?: string };
}> {
  const url = new URL(connection.server + path);
  url.searchParams.set('limit', String(PAGE_SIZE));
  if (continueToken) url.searchParams.set('continue', continueToken);
  const options = await connection.requestOptions();
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, options, response => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        try {
          if (response.statusCode === 200) {
            resolve(JSON.parse(body));
            return;
          }
          const status = safeJson(body) as { message?: string } | undefined;
          reject(
            Object.assign(
              new Error(
                `LIST ${path} answered ${response.statusCode}${
                  status?.message ? `: ${status.message}` : ''
                }`,
              ),
              { statusCode: response.statusCode },
            ),
          );
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
    request.end();
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
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
