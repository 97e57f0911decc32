import {
  AKS_BUILTIN_ROLES,
  parseArmId,
} from '@aks-access/plugin-aks-access-common';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import type {
  NamespaceProvisioner,
  NamespacePlan,
  NamespaceWish,
} from './NamespaceProvisioner';

/** A plain Kubernetes namespace: the API server holds it, its quota and its network policy. */
export class KubernetesNamespaces implements NamespaceProvisioner {
  readonly scopeForm = 'namespaces';

  constructor(private readonly handle: ClusterHandle) {}

  credentialsRole() {
    return {
      scope: parseArmId(this.handle.armId, 'cluster id'),
      role: AKS_BUILTIN_ROLES.clusterUser,
    };
  }

  async plan(
    { namespace, labels, annotations, tier, existing }: NamespaceWish,
    dryRun: boolean,
  ): Promise<NamespacePlan> {
    const objects = this.handle.objects();
    return {
      apply: () =>
        objects.apply(
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: namespace, labels, annotations },
          },
          dryRun,
          { before: existing ?? null },
        ),
      kubernetesQuota: tier?.resourceQuota ?? {},
      kubernetesNetworkPolicy: true,
    };
  }

  async planRemoval(namespace: string, dryRun: boolean) {
    const objects = this.handle.objects();
    return () =>
      objects.delete(
        { apiVersion: 'v1', kind: 'Namespace', name: namespace },
        dryRun,
      );
  }
}
