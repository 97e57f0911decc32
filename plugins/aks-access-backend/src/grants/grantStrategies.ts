import { InputError } from '@backstage/errors';
import {
  AuthorizationMode,
  GrantSource,
  parseGrantClaim,
} from '@aks-access/plugin-aks-access-common';
import type { ManagedCluster } from '../azure/managedCluster';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import { authorizationModeOf } from '../clusters/posture';
import type { OperationDeps } from '../operations/OperationDeps';
import { AzureRoleAssignmentGrants } from './AzureRoleAssignmentGrants';
import type { GrantStrategy, VerifiedGrant } from './GrantStrategy';
import { RoleBindingGrants } from './RoleBindingGrants';

type StrategyDeps = Pick<
  OperationDeps,
  'guardrails' | 'registry' | 'assignments'
>;

/**
 * The grant kinds, each with the authorization mode whose clusters it
 * serves and the grant source its ids carry. A new kind is a class (which
 * says how many role assignments a new grant of it writes, for the forms'
 * budget hint) and a row here.
 */
const GRANT_KINDS: Array<{
  mode: AuthorizationMode;
  source: GrantSource;
  Strategy: {
    new (deps: StrategyDeps): GrantStrategy;
    readonly assignmentsPerGrant: number;
  };
}> = [
  {
    mode: 'kubernetes-rbac',
    source: 'RoleBinding',
    Strategy: RoleBindingGrants,
  },
  {
    mode: 'azure-rbac',
    source: 'AzureRoleAssignment',
    Strategy: AzureRoleAssignmentGrants,
  },
];

const kindOf = (record: ManagedCluster | undefined) => {
  const mode: AuthorizationMode = record
    ? authorizationModeOf(record)
    : 'kubernetes-rbac';
  return GRANT_KINDS.find(k => k.mode === mode)!;
};

/** How a cluster takes namespace grants, from its ARM record's authorization mode. */
export async function grantStrategyFor(
  deps: StrategyDeps,
  cluster: string,
): Promise<GrantStrategy> {
  const handle = deps.registry.get(cluster);
  const record = handle.record ?? (await deps.registry.refreshRecord(cluster));
  const { Strategy } = kindOf(record);
  return new Strategy(deps);
}

/**
 * The role assignments a new grant of the cluster's kind writes in the
 * namespace, the credentials role aside; undefined until the cluster's
 * record is read, since reads never wait on ARM.
 */
export function assignmentsPerGrant(handle: ClusterHandle): number | undefined {
  return handle.record
    ? kindOf(handle.record).Strategy.assignmentsPerGrant
    : undefined;
}

/**
 * Reads the object a grant id claims to name and proves from it that it is
 * a managed grant of its namespace's entity; nothing is written.
 */
export async function verifyGrant(
  deps: StrategyDeps,
  grantId: string,
  dryRun: boolean,
): Promise<VerifiedGrant> {
  const claim = parseGrantClaim(grantId);
  deps.registry.get(claim.cluster);
  const kind = GRANT_KINDS.find(k => k.source === claim.source);
  if (!kind) {
    throw new InputError(
      `${claim.source} grants are cluster-wide and not made by aks-access; they cannot be revoked from Backstage`,
    );
  }
  return new kind.Strategy(deps).verify(claim, dryRun);
}
