import type { V1ServiceAccount } from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import {
  aksAccessWorkloadIdentityDeletePermission,
  RemoveWorkloadIdentityResponse,
} from '@aks-access/plugin-aks-access-common';
import { ClusterObjects } from './kubernetesObjects';
import { namespaceEntity } from './namespaceOwnership';
import type { Caller, OperationDeps } from './OperationDeps';
import { runOperation } from './runOperation';
import { unfederateServiceAccount } from './unfederateServiceAccount';

export async function removeWorkloadIdentity(
  deps: OperationDeps,
  caller: Caller,
  target: { cluster: string; namespace: string; serviceAccount: string },
  dryRun: boolean,
): Promise<RemoveWorkloadIdentityResponse> {
  const { cluster, namespace, serviceAccount } = target;
  deps.guardrails.checkNamespace(namespace);
  const objects = new ClusterObjects(
    cluster,
    deps.registry.get(cluster).kubeConfig(),
  );
  const { entityRef } = await namespaceEntity(objects, namespace);
  const deleted: string[] = [];
  return runOperation(
    deps,
    caller,
    {
      action: 'workload-identity.delete',
      permission: aksAccessWorkloadIdentityDeletePermission,
      entityRef,
      cluster,
      namespace,
      dryRun,
    },
    async log => {
      const sa = await objects.read<V1ServiceAccount>({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        name: serviceAccount,
        namespace,
      });
      if (!sa) {
        throw new NotFoundError(
          `ServiceAccount ${namespace}/${serviceAccount} does not exist on ${cluster}`,
        );
      }
      await unfederateServiceAccount(deps, objects, sa, dryRun, log, deleted);
      return {};
    },
    { deletedAssignmentIds: () => deleted },
  );
}
