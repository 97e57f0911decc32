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
 * Clusters as ARM lists them, keyed by ARM id, with an endpoint from the
 * environment (the sandbox, a private link) where it supplies one, else the
 * cluster's FQDN. A configured cluster with the same ARM id is left to its
 * configuration.
 *
 * Names come from the ARM ids and the order of `discovery.subscriptions`
 * alone, never from what a replica happened to see first, so that every
 * replica names every cluster alike (their events name clusters): a
 * cluster is named after itself, unless a configured cluster has that name
 * or one in an earlier subscription (then resource group) does; then its
 * subscription's first eight characters follow, and its resource group too
 * if its own subscription repeats the name. A cluster created later in a
 * later subscription renames nothing.
 */
export function clustersFromRecords(
  records: DiscoveredRecord[],
  discovery: DiscoveryConfig,
  configured: ClusterConfig[],
  supplied: ClusterConfig[],
): ClusterConfig[] {
  const groups = new Set(discovery.resourceGroups.map(lower));
  const precedence = (id: ArmId) => {
    const i = discovery.subscriptions.findIndex(
      s => lower(s) === lower(id.subscriptionId),
    );
    return i < 0 ? discovery.subscriptions.length : i;
  };
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
    .filter(({ id }) => !configured.some(c => sameArmId(armIdOf(c), id)))
    .sort(
      (a, b) =>
        precedence(a.id) - precedence(b.id) ||
        lower(a.id.resourceGroup ?? '').localeCompare(
          lower(b.id.resourceGroup ?? ''),
        ),
    );
  const taken = new Set(configured.map(c => lower(c.name)));
  const sameNameIn = new Map<string, number>();
  for (const { id } of parsed) {
    const key = `${lower(id.subscriptionId)}/${lower(clusterNameOf(id)!)}`;
    sameNameIn.set(key, (sameNameIn.get(key) ?? 0) + 1);
  }
  const nameOf = (id: ArmId, clusterName: string) => {
    if (!taken.has(lower(clusterName))) return clusterName;
    const sub = `${clusterName}-${id.subscriptionId.slice(0, 8)}`;
    const repeats =
      sameNameIn.get(`${lower(id.subscriptionId)}/${lower(clusterName)}`)! > 1;
    return repeats ? `${sub}-${id.resourceGroup}` : sub;
  };
  return parsed.map(({ record, id }) => {
    const clusterName = clusterNameOf(id)!;
    const name = nameOf(id, clusterName);
    taken.add(lower(name));
    taken.add(lower(clusterName));
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
  ) {}

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
      );
    } catch (error) {
      logger.warn(
        `Discovery could not list the subscriptions; the clusters stay as they were: ${
          (error as Error).message
        }`,
      );
      return { added: [], removed: [] };
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
