import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  aksClusterArmId,
  ArmId,
  parseArmId,
  sameArmId,
} from '@aks-access/plugin-aks-access-common';
import type { AccessIndex } from '../access/AccessIndex';
import type { ArmClients } from '../azure/ArmClients';
import type { ClusterRegistry } from './ClusterRegistry';
import type { ClusterConfig, DiscoveryConfig } from '../config/types';
import { withRetry } from '../resilience/retry';

/** What discovery reads of a cluster's ARM record. */
export interface DiscoveredRecord {
  id: string;
  fqdn?: string;
  tags?: Record<string, string>;
}

const lower = (s: string) => s.toLowerCase();

/** The cluster's name, if the id is exactly a managed cluster's: ARM's answer is input too. */
function clusterNameOf(id: ArmId): string | undefined {
  const [provider, ...more] = id.providers;
  const [resource, ...deeper] = provider?.resources ?? [];
  const isCluster =
    !more.length &&
    !deeper.length &&
    !!id.resourceGroup &&
    lower(provider.namespace) === 'microsoft.containerservice' &&
    lower(resource?.type ?? '') === 'managedclusters';
  return isCluster ? resource.name : undefined;
}

function parsedClusterId(raw: string): ArmId | undefined {
  try {
    const id = parseArmId(raw, 'managed cluster id');
    return clusterNameOf(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** A configured or supplied cluster's ARM id, to compare with a record's. */
const armIdOf = (c: ClusterConfig) =>
  parseArmId(
    aksClusterArmId(c.subscriptionId, c.resourceGroup, c.clusterName),
    'cluster id',
  );

/**
 * Clusters as ARM lists them, keyed by ARM id: named after the cluster,
 * with the subscription's first eight characters where two subscriptions
 * hold a cluster of the same name; an endpoint from the environment (the
 * sandbox, a private link) where it supplies one, else the cluster's FQDN.
 * A configured cluster with the same ARM id is left to its configuration.
 * A cluster named before (`assigned`, by lower-cased ARM id) keeps its name,
 * so a twin that appears or leaves later renames nothing that requests and
 * links already hold.
 */
export function clustersFromRecords(
  records: DiscoveredRecord[],
  discovery: DiscoveryConfig,
  configured: ClusterConfig[],
  supplied: ClusterConfig[],
  assigned: ReadonlyMap<string, string> = new Map(),
): ClusterConfig[] {
  const groups = new Set(discovery.resourceGroups.map(lower));
  const parsed = records
    .flatMap(record => {
      const id = parsedClusterId(record.id);
      return id ? [{ record, id }] : [];
    })
    .filter(({ record, id }) => {
      const group = id.resourceGroup ?? '';
      if (groups.size && !groups.has(lower(group))) return false;
      return Object.entries(discovery.tags).every(
        ([k, v]) => record.tags?.[k] === v,
      );
    })
    .filter(({ id }) => !configured.some(c => sameArmId(armIdOf(c), id)));
  const nameCount = new Map<string, number>();
  for (const { id } of parsed) {
    const name = lower(clusterNameOf(id)!);
    nameCount.set(name, (nameCount.get(name) ?? 0) + 1);
  }
  const taken = new Set(
    [...assigned.values(), ...configured.map(c => c.name)].map(lower),
  );
  const nameOf = (id: ArmId, clusterName: string) => {
    const kept = assigned.get(lower(id.id));
    if (kept) return kept;
    const suffixed = `${clusterName}-${id.subscriptionId.slice(0, 8)}`;
    return nameCount.get(lower(clusterName))! > 1 ||
      taken.has(lower(clusterName))
      ? suffixed
      : clusterName;
  };
  return parsed.map(({ record, id }) => {
    const clusterName = clusterNameOf(id)!;
    const name = nameOf(id, clusterName);
    const endpoint = supplied.find(c => sameArmId(armIdOf(c), id));
    return {
      name,
      title: `${clusterName} (${id.resourceGroup}, ${id.subscriptionId.slice(
        0,
        8,
      )})`,
      environment: record.tags?.environment ?? '',
      subscriptionId: id.subscriptionId,
      resourceGroup: id.resourceGroup!,
      clusterName,
      url:
        endpoint?.url ??
        (record.fqdn ? `https://${record.fqdn}:443` : undefined),
      ...(endpoint?.caData ? { caData: endpoint.caData } : {}),
      ...(endpoint?.auth ? { auth: endpoint.auth } : {}),
      ...(endpoint?.namespaceProvisioning
        ? { namespaceProvisioning: endpoint.namespaceProvisioning }
        : {}),
    };
  });
}

/** Every subscription's AKS clusters, read side by side. */
export async function discoverClusters(
  arm: ArmClients,
  discovery: DiscoveryConfig,
  configured: ClusterConfig[],
  supplied: ClusterConfig[],
  logger: LoggerService,
  assigned?: ReadonlyMap<string, string>,
): Promise<ClusterConfig[]> {
  const lists = await Promise.all(
    discovery.subscriptions.map(async subscription => {
      const records: DiscoveredRecord[] = [];
      await withRetry(async () => {
        records.length = 0;
        for await (const c of arm
          .containerServiceFor(subscription)
          .managedClusters.list()) {
          records.push({
            id: c.id!,
            fqdn: c.fqdn,
            tags: c.tags,
          });
        }
      });
      return records;
    }),
  );
  const clusters = clustersFromRecords(
    lists.flat(),
    discovery,
    configured,
    supplied,
    assigned,
  );
  logger.info(
    `Discovery found ${clusters.length} AKS clusters in ${discovery.subscriptions.length} subscriptions beside ${configured.length} configured`,
  );
  return clusters;
}

/**
 * Discovery on a schedule: ARM is listed again, and the registry and the
 * index follow, so a cluster created in a subscription joins (and a deleted
 * one leaves) without a restart. A failed listing changes nothing.
 */
export class ClusterDiscovery {
  constructor(
    private readonly options: {
      arm: ArmClients;
      discovery: DiscoveryConfig;
      configured: ClusterConfig[];
      supplied: ClusterConfig[];
      registry: ClusterRegistry;
      index: AccessIndex;
      logger: LoggerService;
    },
  ) {
    for (const cluster of options.registry.list()) {
      this.assigned.set(lower(cluster.armId), cluster.name);
    }
  }

  /** Every discovered cluster's name, by lower-cased ARM id, for as long as the process runs. */
  private readonly assigned = new Map<string, string>();

  async refresh(): Promise<{ added: string[]; removed: string[] }> {
    const { arm, discovery, configured, supplied, registry, index, logger } =
      this.options;
    let found: ClusterConfig[];
    try {
      found = await discoverClusters(
        arm,
        discovery,
        configured,
        supplied,
        logger,
        this.assigned,
      );
    } catch (error) {
      logger.warn(
        `Discovery could not list the subscriptions; the clusters stay as they were: ${
          (error as Error).message
        }`,
      );
      return { added: [], removed: [] };
    }
    for (const c of found) {
      this.assigned.set(
        lower(
          aksClusterArmId(c.subscriptionId, c.resourceGroup, c.clusterName),
        ),
        c.name,
      );
    }
    const change = registry.reconcile([...configured, ...found]);
    if (change.added.length || change.removed.length) {
      logger.info(
        `Discovery: clusters added ${
          change.added.join(', ') || 'none'
        }; removed ${change.removed.join(', ') || 'none'}`,
      );
    }
    await index.adopt(change);
    return change;
  }
}
