import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  aksClusterArmId,
  ArmId,
  parseArmId,
  sameArmId,
} from '@aks-access/plugin-aks-access-common';
import type { ArmClients } from '../azure/ArmClients';
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
 */
export function clustersFromRecords(
  records: DiscoveredRecord[],
  discovery: DiscoveryConfig,
  configured: ClusterConfig[],
  supplied: ClusterConfig[],
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
  return parsed.map(({ record, id }) => {
    const clusterName = clusterNameOf(id)!;
    const name =
      nameCount.get(lower(clusterName))! > 1
        ? `${clusterName}-${id.subscriptionId.slice(0, 8)}`
        : clusterName;
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
