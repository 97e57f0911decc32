import type { V1RoleBinding, V1ServiceAccount } from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import {
  ADOPTED_ANNOTATION,
  ENTITY_REF_ANNOTATION,
  parseAksNamespaceScope,
  parseRoleAssignmentId,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  OffboardNamespaceResponse,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';
import { namespaceEntity, sameEntity } from './namespaceOwnership';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { managedEntityOf } from '../azure/managedMarkers';
import { runOperation } from '../operations/runOperation';
import { planUnfederation } from '../identities/unfederateServiceAccount';
import { provisionerOf } from './namespaceProvisioners';

const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

function refuse(what: string, owner: string | undefined, entityRef: string) {
  return new ConflictError(
    `${what} belongs to ${owner}, not to ${entityRef}, the entity of its namespace; nothing was removed`,
  );
}

/**
 * Removes managed grants and identities; the namespace itself only on
 * request, and never one aks-access adopted. Everything is read and checked
 * first, so a refusal leaves the namespace exactly as it was.
 */
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
  const objects = handle.objects();
  const { entityRef, object } = await namespaceEntity(objects, namespace);
  if (options.deleteNamespace) {
    const adopted =
      object.metadata?.annotations?.[ADOPTED_ANNOTATION] === 'true';
    if (
      adopted ||
      object.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE
    ) {
      throw new ConflictError(
        `Namespace ${namespace} on ${cluster} ${
          adopted
            ? `existed before aks-access onboarded it (${ADOPTED_ANNOTATION})`
            : 'was not created by aks-access'
        } and is not deleted; offboard it without deleteNamespace`,
      );
    }
  }
  const { assignments } = deps;
  const provisioner = provisionerOf(deps, handle, object);
  const [bindings, serviceAccounts, azureGrants, removeNamespace] =
    await Promise.all([
      objects.list<V1RoleBinding>(
        'rbac.authorization.k8s.io/v1',
        'RoleBinding',
        namespace,
        MANAGED_SELECTOR,
      ),
      objects.list<V1ServiceAccount>('v1', 'ServiceAccount', namespace, ''),
      assignments.listManagedAtScope(
        parseAksNamespaceScope(handle.armId, namespace, provisioner.scopeForm),
      ),
      options.deleteNamespace
        ? provisioner.planRemoval(namespace, dryRun)
        : undefined,
    ]);
  for (const b of bindings) {
    const owner = b.metadata?.annotations?.[ENTITY_REF_ANNOTATION];
    if (owner && !sameEntity(owner, entityRef)) {
      throw refuse(
        `RoleBinding ${namespace}/${b.metadata?.name}`,
        owner,
        entityRef,
      );
    }
  }
  const grantIds = azureGrants.map(a => {
    const owner = managedEntityOf(a);
    if (!sameEntity(owner, entityRef)) {
      throw refuse(`Role assignment ${a.id}`, owner, entityRef);
    }
    return parseRoleAssignmentId(a.id);
  });
  const federated = serviceAccounts.filter(
    sa => sa.metadata?.annotations?.[WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION],
  );
  const unfederations = await Promise.all(
    federated.map(sa => planUnfederation(deps, objects, sa, entityRef, dryRun)),
  );
  const deleted: string[] = [];
  return runOperation(
    deps,
    caller,
    {
      operation: 'offboardNamespace',
      entityRef,
      cluster,
      namespace,
      dryRun,
    },
    async log => {
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
        ...grantIds.map(id => () => {
          deleted.push(id.id.id);
          return assignments.deleteById(id, dryRun);
        }),
        ...unfederations.map(unfederate => async () => {
          await unfederate(log, deleted);
          return undefined;
        }),
      );
      if (removeNamespace) await log.step(removeNamespace);
      return {};
    },
    {
      deletedAssignmentIds: () => deleted,
      identityClientIds: () =>
        federated.map(
          sa =>
            sa.metadata!.annotations![WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION],
        ),
    },
  );
}
