import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  aksClusterArmId,
  parseArmId,
} from '@aks-access/plugin-aks-access-common';
import type { ArmClients } from '../azure/ArmClients';
import type { ManagedCluster } from '../azure/managedCluster';
import {
  ManagedNamespace,
  managedNamespacesAt,
} from '../azure/managedNamespaces';
import type { ClusterConfig } from '../config/types';
import type { AzureTokenAuthenticator } from '../kubernetes/AzureTokenAuthenticator';
import { ClusterObjects } from '../kubernetes/ClusterObjects';
import { createKubeConfig } from '../kubernetes/createKubeConfig';
import { withRetry } from '../resilience/retry';

/** One configured cluster: its clients and the last ARM record read for it. */
export interface ClusterHandle {
  readonly name: string;
  readonly config: ClusterConfig;
  /** `/subscriptions/…/managedClusters/<name>`, as configured (compare case-insensitively). */
  readonly armId: string;
  /** The last successful managedClusters GET. */
  readonly record?: ManagedCluster;
  /** With `namespaceProvisioning: managedNamespace`: ARM's managed namespaces, as last listed. */
  readonly managedNamespaces?: ManagedNamespace[];
  /** Why the last managedClusters GET failed, and since when it has been failing. */
  readonly recordError?: { message: string; since: Date };
  /** Throws 503 while the API server URL is unknown (no `url` and no ARM record yet). */
  kubeConfig(): KubeConfig;
  /**
   * The cluster's object client, one per connection: it learns the API
   * server's resources (a discovery call per API group) on first use, which
   * a client made per operation would pay again every time.
   */
  objects(): ClusterObjects;
}

/** Told of each object the write path applied on a cluster. */
export type KubernetesWriteListener = (
  cluster: string,
  object: KubernetesObject,
  deleted: boolean,
) => void;

export interface ClusterRegistry {
  readonly arm: ArmClients;
  /** Listens to every object the clusters' `objects()` write. */
  onKubernetesWrite(listener: KubernetesWriteListener): void;
  /** The backend's own Entra object id on the clusters, once known. */
  backendObjectId(): string | undefined;
  list(): ClusterHandle[];
  /** Throws NotFoundError for a name that is not configured. */
  get(name: string): ClusterHandle;
  /** Re-reads the cluster's ARM record (posture, issuer URL, admin groups). */
  refreshRecord(name: string): Promise<ManagedCluster | undefined>;
  /**
   * Makes these the clusters: a cluster whose name and ARM id stay keeps its
   * handle (and its connection); one that is new or now points elsewhere
   * gets a new one; one that is gone is dropped.
   */
  reconcile(clusters: ClusterConfig[]): { added: string[]; removed: string[] };
}

/** The cluster's canonical ARM id; a config that would not parse stops startup. */
export function clusterArmId(c: ClusterConfig): string {
  try {
    return parseArmId(
      aksClusterArmId(c.subscriptionId, c.resourceGroup, c.clusterName),
      'cluster id',
    ).id;
  } catch (error) {
    throw new Error(
      `aksAccess.clusters "${
        c.name
      }": subscriptionId, resourceGroup and clusterName do not make an ARM id: ${
        (error as Error).message
      }`,
    );
  }
}

class Cluster implements ClusterHandle {
  readonly armId: string;
  record?: ManagedCluster;
  managedNamespaces?: ManagedNamespace[];
  recordError?: { message: string; since: Date };
  private kc?: KubeConfig;
  private clusterObjects?: ClusterObjects;

  constructor(
    readonly config: ClusterConfig,
    private readonly azureTokens: AzureTokenAuthenticator,
    private readonly listeners: KubernetesWriteListener[],
  ) {
    this.armId = clusterArmId(config);
  }

  get name() {
    return this.config.name;
  }

  kubeConfig(): KubeConfig {
    if (this.kc) return this.kc;
    const fqdn =
      this.record?.properties.fqdn ?? this.record?.properties.privateFQDN;
    const server = this.config.url ?? (fqdn && `https://${fqdn}:443`);
    if (!server && this.config.auth?.type !== 'kubeconfig') {
      throw new ServiceUnavailableError(
        `The API server of ${
          this.name
        } is unknown: no url is configured and ARM has not answered (${
          this.recordError?.message ?? 'not read yet'
        })`,
      );
    }
    this.kc = createKubeConfig(this.config, server ?? '', this.azureTokens);
    return this.kc;
  }

  objects(): ClusterObjects {
    this.clusterObjects ??= new ClusterObjects(
      this.name,
      this.kubeConfig(),
      (object, deleted) =>
        this.listeners.forEach(l => l(this.name, object, deleted)),
    );
    return this.clusterObjects;
  }
}

export class DefaultClusterRegistry implements ClusterRegistry {
  private readonly clusters: Map<string, Cluster>;
  private readonly listeners: KubernetesWriteListener[] = [];

  constructor(
    clusters: ClusterConfig[],
    readonly arm: ArmClients,
    private readonly azureTokens: AzureTokenAuthenticator,
    private readonly logger: LoggerService,
  ) {
    this.clusters = new Map(
      clusters.map(c => [c.name, new Cluster(c, azureTokens, this.listeners)]),
    );
  }

  onKubernetesWrite(listener: KubernetesWriteListener): void {
    this.listeners.push(listener);
  }

  list(): ClusterHandle[] {
    return [...this.clusters.values()];
  }

  backendObjectId(): string | undefined {
    return this.azureTokens.objectId();
  }

  get(name: string): ClusterHandle {
    return this.cluster(name);
  }

  private cluster(name: string): Cluster {
    const cluster = this.clusters.get(name);
    if (!cluster) {
      throw new NotFoundError(
        `Cluster '${name}' is not configured; known: ${[
          ...this.clusters.keys(),
        ].join(', ')}`,
      );
    }
    return cluster;
  }

  reconcile(clusters: ClusterConfig[]): { added: string[]; removed: string[] } {
    const wanted = new Map(clusters.map(c => [c.name, c]));
    const removed = [...this.clusters.values()]
      .filter(c => {
        const next = wanted.get(c.name);
        return !next || clusterArmId(next) !== c.armId;
      })
      .map(c => c.name);
    for (const name of removed) this.clusters.delete(name);
    const added = clusters.filter(c => !this.clusters.has(c.name));
    for (const c of added) {
      this.clusters.set(
        c.name,
        new Cluster(c, this.azureTokens, this.listeners),
      );
    }
    return { added: added.map(c => c.name), removed };
  }

  async refreshRecord(name: string): Promise<ManagedCluster | undefined> {
    const cluster = this.cluster(name);
    try {
      // A failure here marks the cluster unreachable until the next refresh,
      // even right after a write that succeeded, so an ARM 5xx gets a few
      // tries; an unreachable ARM (already retried by the pipeline) does not,
      // or a start without ARM would wait it out once more.
      const [record, managedNamespaces] = await Promise.all([
        withRetry(() => this.arm.getManagedCluster(cluster.armId), {
          attempts: 3,
          pipelineRetriedAttempts: 1,
        }),
        cluster.config.namespaceProvisioning === 'managedNamespace'
          ? managedNamespacesAt(this.arm, cluster.armId).list()
          : undefined,
      ]);
      cluster.record = record;
      cluster.managedNamespaces = managedNamespaces;
      cluster.recordError = undefined;
    } catch (error) {
      const message = String((error as Error).message ?? error);
      this.logger.warn(`ARM read of cluster ${name} failed: ${message}`);
      cluster.recordError = {
        message,
        since: cluster.recordError?.since ?? new Date(),
      };
    }
    return cluster.record;
  }
}
