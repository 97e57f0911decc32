import type {
  ContainerServiceClient,
  ManagedNamespace,
} from '@azure/arm-containerservice';
import { parseArmId } from '@aks-access/plugin-aks-access-common';
import type { ArmClients } from './ArmClients';

export type { ManagedNamespace };
import { InputError } from '@backstage/errors';
import type { ArmId, Change } from '@aks-access/plugin-aks-access-common';
import { statusOf, withRetry } from '../resilience/retry';

/** The label AKS puts on a namespace that ARM manages. */
export const MANAGED_BY_ARM_LABEL = 'kubernetes.azure.com/managedByArm';
/** The names AKS gives the two objects it builds in the cluster from the resource. */
export const DEFAULT_RESOURCE_QUOTA = 'defaultresourcequota';
export const DEFAULT_NETWORK_POLICY = 'defaultnetworkpolicy';

export type AdoptionPolicy = 'Never' | 'IfIdentical' | 'Always';
export type NetworkPolicyRule = 'AllowAll' | 'DenyAll' | 'AllowSameNamespace';

/** What aks-access asks ARM for: the namespace and what ARM holds of it. */
export interface ManagedNamespaceSpec {
  name: string;
  location: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ARM's four: requests and limits of cpu and memory. */
  resourceQuota: {
    cpuRequest?: string;
    cpuLimit?: string;
    memoryRequest?: string;
    memoryLimit?: string;
  };
  networkPolicy: { ingress: NetworkPolicyRule; egress: NetworkPolicyRule };
  adoptionPolicy: AdoptionPolicy;
  deletePolicy: 'Keep' | 'Delete';
}

/**
 * The ResourceQuota keys `defaultResourceQuota`'s four fields stand for in
 * the cluster's `defaultresourcequota`.
 */
export const ARM_QUOTA_KEYS = {
  'requests.cpu': 'cpuRequest',
  'limits.cpu': 'cpuLimit',
  'requests.memory': 'memoryRequest',
  'limits.memory': 'memoryLimit',
} as const;

/** ARM wants cpu in one-thousandth CPU form (`500m`). */
export function armCpu(quantity: string): string {
  const milli = /^(\d+)m$/.exec(quantity);
  if (milli) return `${Number(milli[1])}m`;
  if (/^\d+(\.\d{1,3})?$/.test(quantity)) {
    return `${Math.round(Number(quantity) * 1000)}m`;
  }
  throw new InputError(
    `cpu quantity '${quantity}' has no one-thousandth CPU form, which a managed namespace's quota needs (e.g. 2, 0.5, 500m)`,
  );
}

/** ARM wants memory in the power-of-two forms (Ki … Ei). */
export function armMemory(quantity: string): string {
  if (/^\d+(Ki|Mi|Gi|Ti|Pi|Ei)$/.test(quantity)) return quantity;
  if (/^\d+$/.test(quantity) && Number(quantity) % 1024 === 0) {
    return `${Number(quantity) / 1024}Ki`;
  }
  throw new InputError(
    `memory quantity '${quantity}' is not in a power-of-two form (Ki, Mi, Gi, Ti, Pi, Ei), which a managed namespace's quota needs`,
  );
}

function body(spec: ManagedNamespaceSpec): ManagedNamespace {
  return {
    location: spec.location,
    properties: {
      labels: spec.labels,
      annotations: spec.annotations,
      defaultResourceQuota: spec.resourceQuota,
      defaultNetworkPolicy: spec.networkPolicy,
      adoptionPolicy: spec.adoptionPolicy,
      deletePolicy: spec.deletePolicy,
    },
  };
}

/** Whether ARM holds what `spec` asks for, in the fields aks-access sets. */
function holds(existing: ManagedNamespace, spec: ManagedNamespaceSpec) {
  const p = existing.properties ?? {};
  const sub = (have: object | undefined, want: object) =>
    Object.entries(want).every(
      ([k, v]) => (have as Record<string, unknown> | undefined)?.[k] === v,
    );
  return (
    sub(p.labels, spec.labels) &&
    sub(p.annotations, spec.annotations) &&
    sub(p.defaultResourceQuota, spec.resourceQuota) &&
    sub(p.defaultNetworkPolicy, spec.networkPolicy) &&
    p.adoptionPolicy === spec.adoptionPolicy &&
    p.deletePolicy === spec.deletePolicy
  );
}

/**
 * A cluster's managed namespaces (Microsoft.ContainerService/managedClusters/
 * managedNamespaces). Creates and deletes are long-running; the SDK's
 * poller follows Azure-AsyncOperation and Retry-After.
 */
export class ManagedNamespaces {
  private readonly resourceGroup: string;
  private readonly clusterName: string;

  constructor(
    private readonly client: ContainerServiceClient,
    private readonly cluster: ArmId,
  ) {
    this.resourceGroup = cluster.resourceGroup!;
    this.clusterName = cluster.providers[0].resources[0].name;
  }

  private change(name: string, action: Change['action']): Change {
    return {
      target: 'azure',
      kind: 'managedNamespaces',
      name,
      id: `${this.cluster.id}/managedNamespaces/${name}`,
      action,
    };
  }

  async find(name: string): Promise<ManagedNamespace | undefined> {
    try {
      return await withRetry(() =>
        this.client.managedNamespaces.get(
          this.resourceGroup,
          this.clusterName,
          name,
        ),
      );
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async list(): Promise<ManagedNamespace[]> {
    return withRetry(async () => {
      const all: ManagedNamespace[] = [];
      for await (const ns of this.client.managedNamespaces.listByManagedCluster(
        this.resourceGroup,
        this.clusterName,
      )) {
        all.push(ns);
      }
      return all;
    });
  }

  /**
   * `existing` is what find() answered for the name, read with the other
   * reads; `drifted`, that the cluster's copy no longer is what ARM holds,
   * which a PUT of the same resource makes AKS reconcile.
   */
  async ensure(
    spec: ManagedNamespaceSpec,
    existing: ManagedNamespace | undefined,
    dryRun: boolean,
    drifted = false,
  ): Promise<Change> {
    if (existing && !drifted && holds(existing, spec)) {
      return this.change(spec.name, 'unchanged');
    }
    if (!dryRun) await this.put(spec);
    return this.change(spec.name, existing ? 'update' : 'create');
  }

  private put(spec: ManagedNamespaceSpec) {
    return this.client.managedNamespaces.beginCreateOrUpdateAndWait(
      this.resourceGroup,
      this.clusterName,
      spec.name,
      body(spec),
    );
  }

  /**
   * Removes the ARM resource. With `deleteNamespace` its delete policy is
   * switched to `Delete` first, so that AKS deletes the namespace and
   * everything in it; otherwise `Keep` leaves the namespace in the cluster.
   */
  async remove(
    existing: ManagedNamespace,
    name: string,
    deleteNamespace: boolean,
    dryRun: boolean,
  ): Promise<Change> {
    if (dryRun) return this.change(name, 'delete');
    const deletePolicy = deleteNamespace ? 'Delete' : 'Keep';
    if (existing.properties?.deletePolicy !== deletePolicy) {
      await this.client.managedNamespaces.beginCreateOrUpdateAndWait(
        this.resourceGroup,
        this.clusterName,
        name,
        {
          location: existing.location,
          tags: existing.tags,
          properties: { ...existing.properties, deletePolicy },
        },
      );
    }
    await this.client.managedNamespaces.beginDeleteAndWait(
      this.resourceGroup,
      this.clusterName,
      name,
    );
    return this.change(name, 'delete');
  }
}

/** The managed namespaces of the cluster with ARM id `clusterArmId`. */
export function managedNamespacesAt(
  arm: ArmClients,
  clusterArmId: string,
): ManagedNamespaces {
  const cluster = parseArmId(clusterArmId, 'cluster id');
  return new ManagedNamespaces(
    arm.containerServiceFor(cluster.subscriptionId),
    cluster,
  );
}
