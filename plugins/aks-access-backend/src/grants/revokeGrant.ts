import type { RevokeGrantResponse } from '@aks-access/plugin-aks-access-common';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { runOperation } from '../operations/runOperation';
import { verifyGrant } from './grantStrategies';

/**
 * Removes one managed grant. The role that fetches credentials stays: other
 * grants of the same principal on the cluster may rely on it.
 */
export async function revokeGrant(
  deps: OperationDeps,
  caller: Caller,
  grantId: string,
  dryRun: boolean,
): Promise<RevokeGrantResponse> {
  const grant = await verifyGrant(deps, grantId, dryRun);
  return runOperation(
    deps,
    caller,
    {
      operation: 'revokeGrant',
      entityRef: grant.entityRef,
      cluster: grant.cluster,
      namespace: grant.namespace,
      dryRun,
      subject: { grantId },
    },
    async log => {
      await grant.remove(log);
      return {};
    },
    { deletedAssignmentIds: () => grant.deletedAssignmentIds },
  );
}
