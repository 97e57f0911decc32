import type { V1ServiceAccount } from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import {
  Change,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  parseRoleAssignmentId,
  RoleAssignmentId,
  serviceAccountSubject,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';
import type { ChangeLog } from '../operations/ChangeLog';
import { clusterIssuer, managedIdentities } from './federateWorkloadIdentity';
import type { ClusterObjects } from '../kubernetes/ClusterObjects';
import { sameEntity } from '../namespaces/namespaceOwnership';
import type { OperationDeps } from '../operations/OperationDeps';
import {
  identityOwner,
  isManagedIdentity,
  managedEntityOf,
} from '../azure/managedMarkers';

/** Writes planned by planUnfederation, run once every check has passed. */
export type Unfederation = (
  log: ChangeLog,
  deletedAssignmentIds: string[],
) => Promise<void>;

/**
 * Reads and checks everything that undoing a federation touches, and
 * returns the writes. The ServiceAccount's client-id annotation only says
 * where to look: the identity must itself be tagged as the entity's, and
 * so must every role assignment removed with it, or nothing is done.
 */
export async function planUnfederation(
  deps: OperationDeps,
  objects: ClusterObjects,
  serviceAccount: V1ServiceAccount,
  entityRef: string,
  dryRun: boolean,
): Promise<Unfederation> {
  const name = serviceAccount.metadata!.name!;
  const namespace = serviceAccount.metadata!.namespace!;
  const clientId =
    serviceAccount.metadata?.annotations?.[
      WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION
    ];
  const identities = managedIdentities(deps, objects.cluster);
  const [identity, issuer] = await Promise.all([
    clientId ? identities.findByClientId(clientId) : undefined,
    clusterIssuer(deps, objects.cluster).catch(() => undefined),
  ]);

  const client = deps.assignments;
  let assignments: RoleAssignmentId[] = [];
  if (identity) {
    const owner = identityOwner(identity.tags);
    if (!isManagedIdentity(identity.tags) || !sameEntity(owner, entityRef)) {
      throw new ConflictError(
        `Identity ${identity.name} belongs to ${
          owner ?? 'nobody managed by aks-access'
        }, not to ${entityRef}; ServiceAccount ${namespace}/${name} names its client id, which does not make it ${entityRef}'s. Nothing was removed`,
      );
    }
    const held = await client.listManagedForPrincipal(
      deps.guardrails.identityHome(deps.registry.get(objects.cluster))
        .subscriptionId,
      identity.principalId!,
    );
    assignments = held.map(a => {
      const assignedFor = managedEntityOf(a);
      if (!sameEntity(assignedFor, entityRef)) {
        throw new ConflictError(
          `Role assignment ${a.id} of identity ${identity.name} belongs to ${assignedFor}, not to ${entityRef}; nothing was removed`,
        );
      }
      return parseRoleAssignmentId(a.id);
    });
  }
  const ref = { apiVersion: 'v1', kind: 'ServiceAccount', name, namespace };
  const createdByUs =
    serviceAccount.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;

  return async (log, deletedAssignmentIds) => {
    await log.parallel(
      async () => {
        if (!identity || !issuer) return undefined;
        const { changes, remaining } = await identities.removeFic(
          identity.name!,
          { issuer, subject: serviceAccountSubject(namespace, name) },
          dryRun,
        );
        // A shared identity keeps working for its other ServiceAccounts.
        if (remaining > 0) return changes;
        const removed: Change[] = await Promise.all(
          assignments.map(a => {
            deletedAssignmentIds.push(a.id.id);
            return client.deleteById(a, dryRun);
          }),
        );
        return [
          ...changes,
          ...removed,
          await identities.delete(identity.name!, dryRun),
        ];
      },
      () =>
        createdByUs
          ? objects.delete(ref, dryRun)
          : // Applying nothing under our field manager drops the fields only we own.
            objects.apply(
              {
                apiVersion: 'v1',
                kind: 'ServiceAccount',
                metadata: { name, namespace },
              },
              dryRun,
            ),
    );
  };
}
