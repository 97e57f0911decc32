import type { V1ServiceAccount } from '@kubernetes/client-node';
import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  serviceAccountSubject,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';
import type { ChangeLog } from './ChangeLog';
import { clusterIssuer, managedIdentities } from './federateWorkloadIdentity';
import type { ClusterObjects } from './kubernetesObjects';
import type { OperationDeps } from './OperationDeps';
import { RoleAssignments } from './roleAssignments';

/**
 * Undoes a federation: the FIC, the ServiceAccount (or only its annotations
 * when aks-access did not create it), and — once no FIC is left on the
 * identity — its managed role assignments and the identity itself, so a
 * shared identity keeps working for its other ServiceAccounts.
 */
export async function unfederateServiceAccount(
  deps: OperationDeps,
  objects: ClusterObjects,
  serviceAccount: V1ServiceAccount,
  dryRun: boolean,
  log: ChangeLog,
  deletedAssignmentIds: string[],
): Promise<void> {
  const name = serviceAccount.metadata!.name!;
  const namespace = serviceAccount.metadata!.namespace!;
  const clientId =
    serviceAccount.metadata?.annotations?.[
      WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION
    ];
  const identities = managedIdentities(deps);
  const identity = clientId
    ? await identities.findByClientId(clientId)
    : undefined;
  const ref = { apiVersion: 'v1', kind: 'ServiceAccount', name, namespace };

  await log.parallel(
    async () => {
      if (!identity) return undefined;
      const issuer = await clusterIssuer(deps, objects.cluster).catch(
        () => undefined,
      );
      if (!issuer) return undefined;
      const { changes, remaining } = await identities.removeFic(
        identity.name!,
        { issuer, subject: serviceAccountSubject(namespace, name) },
        dryRun,
      );
      if (remaining > 0) return changes;
      const assignments = new RoleAssignments(s =>
        deps.registry.arm.authorizationFor(s),
      );
      const policy = deps.guardrails.workloadIdentity();
      const held = await assignments.listManagedForPrincipal(
        policy.subscriptionId,
        identity.principalId!,
      );
      const removed = await Promise.all(
        held.map(a => {
          deletedAssignmentIds.push(a.id!);
          return assignments.deleteById(a.id!, dryRun);
        }),
      );
      return [
        ...changes,
        ...removed,
        await identities.delete(identity.name!, dryRun),
      ];
    },
    async () => {
      if (
        serviceAccount.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE
      ) {
        return objects.delete(ref, dryRun);
      }
      // Applying nothing under our field manager drops the fields only we own.
      const change = await objects.apply(
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name, namespace },
        },
        dryRun,
      );
      return change;
    },
  );
}
