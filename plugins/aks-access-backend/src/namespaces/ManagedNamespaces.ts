import {
  AKS_BUILTIN_ROLES,
  parseAksNamespaceScope,
  parseArmId,
} from '@aks-access/plugin-aks-access-common';
import {
  ARM_QUOTA_KEYS,
  armCpu,
  armMemory,
  managedNamespacesAt,
} from '../azure/managedNamespaces';
import type {
  ClusterHandle,
  ClusterRegistry,
} from '../clusters/ClusterRegistry';
import {
  inClusterCopy,
  managedNamespaceDrift,
} from '../findings/managedNamespaces';
import type { AccessIndex } from '../access/AccessIndex';
import type { Guardrails } from '../policy/Guardrails';
import type {
  NamespaceProvisioner,
  NamespacePlan,
  NamespaceWish,
} from './NamespaceProvisioner';

function armQuota(hard: Record<string, string>) {
  const quota: Record<string, string> = {};
  for (const [key, field] of Object.entries(ARM_QUOTA_KEYS)) {
    const value = hard[key];
    if (value === undefined) continue;
    quota[field] = key.endsWith('cpu') ? armCpu(value) : armMemory(value);
  }
  return quota;
}

function withoutArmQuota(hard: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(hard).filter(([key]) => !(key in ARM_QUOTA_KEYS)),
  );
}

/**
 * An AKS managed namespace: ARM holds the namespace, its cpu and memory
 * quota and its network policy, and Kubernetes only what ARM has no field
 * for. Its roles are assigned at its own ARM resource, and Namespace User
 * there fetches its credentials instead of the cluster-wide Cluster User Role.
 */
export class ManagedNamespaces implements NamespaceProvisioner {
  readonly scopeForm = 'managedNamespaces';

  constructor(
    private readonly handle: ClusterHandle,
    private readonly deps: {
      registry: ClusterRegistry;
      index: AccessIndex;
      guardrails: Guardrails;
    },
  ) {}

  private arm() {
    return managedNamespacesAt(this.deps.registry.arm, this.handle.armId);
  }

  credentialsRole(namespace: string) {
    return {
      scope: parseAksNamespaceScope(
        parseArmId(this.handle.armId, 'cluster id').id,
        namespace,
        'managedNamespaces',
      ),
      role: AKS_BUILTIN_ROLES.namespaceUser,
    };
  }

  async plan(
    { namespace, labels, annotations, tier }: NamespaceWish,
    dryRun: boolean,
  ): Promise<NamespacePlan> {
    const { registry, index, guardrails } = this.deps;
    const arm = this.arm();
    const [existing, record] = await Promise.all([
      arm.find(namespace),
      this.handle.record ?? registry.refreshRecord(this.handle.name),
    ]);
    const hard = tier?.resourceQuota ?? {};
    const { networkPolicy, adoptionPolicy } = guardrails.policy.namespaces;
    // Re-running onboarding on a drifted namespace PUTs it again, and AKS's
    // reconciler restores the cluster's copy.
    const drifted =
      !!existing &&
      managedNamespaceDrift(
        existing,
        inClusterCopy(index.kubernetes(this.handle.name), namespace),
      ).length > 0;
    return {
      apply: () =>
        arm.ensure(
          {
            name: namespace,
            location: record?.location ?? '',
            labels,
            annotations,
            resourceQuota: armQuota(hard),
            networkPolicy:
              networkPolicy === 'same-namespace-ingress'
                ? { ingress: 'AllowSameNamespace', egress: 'AllowAll' }
                : { ingress: 'AllowAll', egress: 'AllowAll' },
            adoptionPolicy,
            deletePolicy: 'Keep',
          },
          existing,
          dryRun,
          drifted,
        ),
      kubernetesQuota: withoutArmQuota(hard),
      kubernetesNetworkPolicy: false,
    };
  }

  async planRemoval(namespace: string, dryRun: boolean) {
    const arm = this.arm();
    const existing = await arm.find(namespace);
    const objects = this.handle.objects();
    // ARM refuses a managed namespace's delete through Kubernetes: its
    // delete policy becomes Delete, and ARM deletes it.
    return () =>
      existing
        ? arm.remove(existing, namespace, true, dryRun)
        : objects.delete(
            { apiVersion: 'v1', kind: 'Namespace', name: namespace },
            dryRun,
          );
  }
}
