import type { V1Namespace } from '@kubernetes/client-node';
import type { RoleAssignmentBudget } from '@aks-access/plugin-aks-access-common';
import { armIdIsAtOrAbove } from '@aks-access/plugin-aks-access-common';
import { armIdFromArm } from '../azure/roleAssignments';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import { budgetOf } from '../clusters/posture';
import { provisionerOf } from '../namespaces/namespaceProvisioners';
import type { OperationDeps } from '../operations/OperationDeps';
import { assignmentsPerGrant } from './grantStrategies';

export interface GrantCost {
  budget: RoleAssignmentBudget;
  /** Role assignments a new grant to the principal would add. */
  assignmentsFor(principalId: string): number;
}

/**
 * What a new grant in one namespace would add to its subscription's role
 * assignments, from the index alone so a view never waits on ARM: the grant
 * kind's own, plus the credentials role unless the principal already holds
 * it at or above its scope. writeGrant asks ARM again before it writes; this
 * is the figure a form shows before anyone asks. Undefined until the
 * cluster's record and its subscription's assignments have been read.
 */
export function grantCost(
  deps: Pick<OperationDeps, 'registry' | 'index' | 'guardrails'>,
  handle: ClusterHandle,
  namespace: V1Namespace,
): GrantCost | undefined {
  const own = assignmentsPerGrant(handle);
  const budget = budgetOf(handle, deps.index, deps.guardrails);
  if (own === undefined || !budget) return undefined;
  const credentials = provisionerOf(deps, handle, namespace).credentialsRole(
    namespace.metadata?.name ?? '',
  );
  const holdsCredentials = (principalId: string) =>
    deps.index.azure.assignmentsOf(principalId).some(a => {
      if (a.roleDefinitionGuid !== credentials.role.guid) return false;
      const at = armIdFromArm(a.scope);
      return !!at && armIdIsAtOrAbove(at, credentials.scope);
    });
  return {
    budget,
    assignmentsFor: principalId =>
      own + (holdsCredentials(principalId) ? 0 : 1),
  };
}
