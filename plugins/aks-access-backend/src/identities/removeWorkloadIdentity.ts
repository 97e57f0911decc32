import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION } from '@aks-access/plugin-aks-access-common';
import type { V1ServiceAccount } from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import { RemoveWorkloadIdentityResponse } from '@aks-access/plugin-aks-access-common';
import { namespaceEntity } from '../namespaces/namespaceOwnership';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { runOperation } from '../operations/runOperation';
import { planUnfederation } from './unfederateServiceAccount';

export async function removeWorkloadIdentity(
  deps: OperationDeps,
  caller: Caller,
  target: { cluster: string; namespace: string; serviceAccount: string },
  dryRun: boolean,
): Promise<RemoveWorkloadIdentityResponse> {
  const { cluster, namespace, serviceAccount } = target;
  deps.guardrails.checkNamespace(namespace);
  const objects = deps.registry.get(cluster).objects();
  const { entityRef } = await namespaceEntity(objects, namespace);
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
  const unfederate = await planUnfederation(
    deps,
    objects,
    sa,
    entityRef,
    dryRun,
  );
  const deleted: string[] = [];
  return runOperation(
    deps,
    caller,
    {
      operation: 'removeWorkloadIdentity',
      entityRef,
      cluster,
      namespace,
      dryRun,
      subject: { serviceAccount: `${namespace}/${serviceAccount}` },
    },
    async log => {
      await unfederate(log, deleted);
      return {};
    },
    {
      deletedAssignmentIds: () => deleted,
      identityClientIds: () => {
        const clientId =
          sa.metadata?.annotations?.[WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION];
        return clientId ? [clientId] : [];
      },
    },
  );
}
