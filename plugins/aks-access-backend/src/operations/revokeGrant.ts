import type { V1RoleBinding } from '@kubernetes/client-node';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  aksAccessGrantDeletePermission,
  Change,
  decodeGrantId,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  RevokeGrantResponse,
} from '@aks-access/plugin-aks-access-common';
import { ClusterObjects } from './kubernetesObjects';
import { namespaceEntity } from './namespaceOwnership';
import type { Caller, OperationDeps } from './OperationDeps';
import { isManaged, RoleAssignments } from './roleAssignments';
import { runOperation } from './runOperation';

/**
 * Removes one managed grant. The Cluster User Role stays: other grants of the
 * same principal on the cluster may rely on it.
 */
export async function revokeGrant(
  deps: OperationDeps,
  caller: Caller,
  grantId: string,
  dryRun: boolean,
): Promise<RevokeGrantResponse> {
  const { cluster, source, id } = decodeGrantId(grantId);
  const handle = deps.registry.get(cluster);
  const objects = new ClusterObjects(cluster, handle.kubeConfig());
  const assignments = new RoleAssignments(s =>
    deps.registry.arm.authorizationFor(s),
  );

  let namespace: string;
  let remove: () => Promise<Change | undefined>;
  const deleted: string[] = [];
  if (source === 'RoleBinding') {
    const [ns, name] = id.split('/');
    namespace = ns;
    const binding = await objects.read<V1RoleBinding>({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      name,
      namespace,
    });
    if (!binding)
      throw new NotFoundError(`RoleBinding ${id} on ${cluster} does not exist`);
    if (binding.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
      throw new ConflictError(
        `RoleBinding ${id} on ${cluster} was not made by aks-access; only managed grants can be revoked`,
      );
    }
    remove = () =>
      objects.delete(
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          name,
          namespace,
        },
        dryRun,
      );
  } else if (source === 'AzureRoleAssignment') {
    const prefix = `${handle.armId}/namespaces/`.toLowerCase();
    if (!id.toLowerCase().startsWith(prefix)) {
      throw new InputError(
        `Grant ${grantId} is not a namespace-scoped assignment on ${cluster}; cluster-wide grants are not managed from Backstage`,
      );
    }
    namespace = id.slice(prefix.length).split('/')[0];
    const assignment = await assignments.getById(id);
    if (!assignment)
      throw new NotFoundError(`Role assignment ${id} does not exist`);
    if (!isManaged(assignment)) {
      throw new ConflictError(
        `Role assignment ${id} was not made by aks-access; only managed grants can be revoked`,
      );
    }
    remove = async () => {
      deleted.push(id);
      return assignments.deleteById(id, dryRun);
    };
  } else {
    throw new InputError(
      `${source} grants are not made by aks-access and cannot be revoked from Backstage`,
    );
  }
  const { entityRef } = await namespaceEntity(objects, namespace);

  return runOperation(
    deps,
    caller,
    {
      action: 'grant.delete',
      permission: aksAccessGrantDeletePermission,
      entityRef,
      cluster,
      namespace,
      dryRun,
    },
    async log => {
      await log.step(remove);
      return {};
    },
    { deletedAssignmentIds: () => deleted },
  );
}
