import type { V1RoleBinding, V1ServiceAccount } from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import {
  aksAccessNamespaceOnboardPermission,
  aksNamespaceScope,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  OffboardNamespaceResponse,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';
import { ClusterObjects } from './kubernetesObjects';
import { namespaceEntity } from './namespaceOwnership';
import type { Caller, OperationDeps } from './OperationDeps';
import { RoleAssignments } from './roleAssignments';
import { runOperation } from './runOperation';
import { unfederateServiceAccount } from './unfederateServiceAccount';

const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

/** Removes managed grants and identities; the namespace itself only on request. */
export async function offboardNamespace(
  deps: OperationDeps,
  caller: Caller,
  target: { cluster: string; namespace: string },
  options: { dryRun: boolean; deleteNamespace: boolean },
): Promise<OffboardNamespaceResponse> {
  const { cluster, namespace } = target;
  const { dryRun } = options;
  deps.guardrails.checkNamespace(namespace);
  const handle = deps.registry.get(cluster);
  const objects = new ClusterObjects(cluster, handle.kubeConfig());
  const { entityRef, object } = await namespaceEntity(objects, namespace);
  const deleted: string[] = [];
  return runOperation(
    deps,
    caller,
    {
      action: 'namespace.offboard',
      permission: aksAccessNamespaceOnboardPermission,
      entityRef,
      cluster,
      namespace,
      dryRun,
    },
    async log => {
      const assignments = new RoleAssignments(s =>
        deps.registry.arm.authorizationFor(s),
      );
      const [bindings, serviceAccounts, azureGrants] = await Promise.all([
        objects.list<V1RoleBinding>(
          'rbac.authorization.k8s.io/v1',
          'RoleBinding',
          namespace,
          MANAGED_SELECTOR,
        ),
        objects.list<V1ServiceAccount>('v1', 'ServiceAccount', namespace, ''),
        assignments.listManagedAtScope(
          aksNamespaceScope(handle.armId, namespace),
        ),
      ]);
      await log.parallel(
        ...bindings.map(
          b => () =>
            objects.delete(
              {
                apiVersion: 'rbac.authorization.k8s.io/v1',
                kind: 'RoleBinding',
                name: b.metadata!.name!,
                namespace,
              },
              dryRun,
            ),
        ),
        ...azureGrants.map(a => () => {
          deleted.push(a.id!);
          return assignments.deleteById(a.id!, dryRun);
        }),
        ...serviceAccounts
          .filter(
            sa =>
              sa.metadata?.annotations?.[
                WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION
              ],
          )
          .map(sa => async () => {
            await unfederateServiceAccount(
              deps,
              objects,
              sa,
              dryRun,
              log,
              deleted,
            );
            return undefined;
          }),
      );
      if (options.deleteNamespace) {
        if (object.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
          throw new ConflictError(
            `Namespace ${namespace} on ${cluster} was not created by aks-access and is not deleted`,
          );
        }
        await log.step(() =>
          objects.delete(
            { apiVersion: 'v1', kind: 'Namespace', name: namespace },
            dryRun,
          ),
        );
      }
      return {};
    },
    { deletedAssignmentIds: () => deleted },
  );
}
