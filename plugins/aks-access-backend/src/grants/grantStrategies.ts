import { InputError } from '@backstage/errors';
import {
  AuthorizationMode,
  GrantSource,
  parseGrantClaim,
} from '@aks-access/plugin-aks-access-common';
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
 * serves and the grant source its ids carry. A new kind is a class and a
 * row here.
 */
const GRANT_KINDS: Array<{
  mode: AuthorizationMode;
  source: GrantSource;
  create: (deps: StrategyDeps) => GrantStrategy;
}> = [
  {
    mode: 'kubernetes-rbac',
    source: 'RoleBinding',
    create: deps => new RoleBindingGrants(deps),
  },
  {
    mode: 'azure-rbac',
    source: 'AzureRoleAssignment',
    create: deps => new AzureRoleAssignmentGrants(deps),
  },
];

/** How a cluster takes namespace grants, from its ARM record's authorization mode. */
export async function grantStrategyFor(
  deps: StrategyDeps,
  cluster: string,
): Promise<GrantStrategy> {
  const handle = deps.registry.get(cluster);
  const record = handle.record ?? (await deps.registry.refreshRecord(cluster));
  const mode: AuthorizationMode = record
    ? authorizationModeOf(record)
    : 'kubernetes-rbac';
  return GRANT_KINDS.find(k => k.mode === mode)!.create(deps);
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
  return kind.create(deps).verify(claim, dryRun);
}
