import {
  GrantRequest,
  GrantResponse,
  parseArmId,
} from '@aks-access/plugin-aks-access-common';
import type { ChangeLog } from '../operations/ChangeLog';
import { namespaceEntity } from '../namespaces/namespaceOwnership';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { Grantee, resolveGrantee } from './resolveGrantee';
import { managedDescription } from '../azure/managedMarkers';
import { provisionerOf } from '../namespaces/namespaceProvisioners';
import { runOperation } from '../operations/runOperation';
import type { GrantTarget } from './GrantStrategy';
import { grantStrategyFor } from './grantStrategies';

/** What a grant is about, read and checked before any permission check. */
export interface PreparedGrant extends GrantTarget {
  grantee: Promise<Grantee>;
}

export interface GrantOutcome {
  grantId: string;
  /**
   * A time-bound grant asked for what the principal already held for good:
   * nothing was written, and nothing may be removed when it ends.
   */
  alreadyPermanent: boolean;
}

/** The namespace, its entity, and the principal looked up beside them. */
export async function prepareGrant(
  deps: OperationDeps,
  target: { cluster: string; namespace: string; principal: string },
): Promise<PreparedGrant> {
  const { cluster, namespace } = target;
  deps.guardrails.checkNamespace(namespace);
  const handle = deps.registry.get(cluster);
  const objects = handle.objects();
  // Looked up beside the namespace read, and only reported after the
  // permission check: a caller without it learns nothing about principals.
  const grantee = resolveGrantee(deps, target.principal);
  grantee.catch(() => {});
  const { entityRef, object: namespaceObject } = await namespaceEntity(
    objects,
    namespace,
  );
  return {
    cluster,
    namespace,
    entityRef,
    handle,
    objects,
    provisioner: provisionerOf(deps, handle, namespaceObject),
    grantee,
  };
}

/**
 * A level of access to one namespace for a group (or, where the policy
 * allows, a user), in the cluster's own authorization system, plus the
 * role that fetches credentials; inside an operation's frame. With
 * `expiresAt` the grant is time-bound and says so on its own object;
 * without, it is permanent, and a time-bound grant of the same principal
 * and level becomes permanent.
 */
export async function writeGrant(
  deps: OperationDeps,
  prepared: PreparedGrant,
  requestedLevel: string,
  dryRun: boolean,
  log: ChangeLog,
  expiresAt?: Date,
): Promise<GrantOutcome> {
  const principal = await prepared.grantee;
  const level = deps.guardrails.checkGrant(
    requestedLevel,
    principal.kind,
    prepared.handle.config.environment ?? 'default',
  );
  // `az aks get-credentials` needs this role beside any grant.
  const credentials = prepared.provisioner.credentialsRole(prepared.namespace);
  const strategy = await grantStrategyFor(deps, prepared.cluster);
  // Every read before any write, side by side.
  const [plan, credentialsHeld] = await Promise.all([
    strategy.plan(prepared, { principal, level, expiresAt }, dryRun),
    deps.assignments.findHeld(
      credentials.scope,
      credentials.role,
      principal.objectId,
    ),
  ]);
  const subscriptionId = parseArmId(
    prepared.handle.armId,
    'cluster id',
  ).subscriptionId;
  deps.guardrails.checkRoleAssignmentBudget(
    subscriptionId,
    deps.index.azure.assignmentCount(subscriptionId) ?? 0,
    plan.assignmentsAdded + (credentialsHeld ? 0 : 1),
  );
  // Held at or above the cluster, under any name, includes ours: no second look.
  await log.parallel(
    plan.apply,
    async () =>
      credentialsHeld ??
      deps.assignments.create(
        {
          ...credentials,
          principalId: principal.objectId,
          principalType: principal.kind,
          description: managedDescription(prepared.entityRef),
        },
        dryRun,
      ),
  );
  log.about({
    grantId: plan.grantId,
    principal: principal.entityRef ?? principal.objectId,
    level,
    ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
  });
  return { grantId: plan.grantId, alreadyPermanent: plan.alreadyPermanent };
}

/** POST /grants: a permanent grant, as the entity's owners make it. */
export async function grantAccess(
  deps: OperationDeps,
  caller: Caller,
  input: GrantRequest,
): Promise<GrantResponse> {
  const dryRun = input.dryRun ?? false;
  const prepared = await prepareGrant(deps, input);
  return runOperation(
    deps,
    caller,
    {
      operation: 'createGrant',
      entityRef: prepared.entityRef,
      cluster: input.cluster,
      namespace: input.namespace,
      dryRun,
    },
    async log => {
      const { grantId } = await writeGrant(
        deps,
        prepared,
        input.level,
        dryRun,
        log,
      );
      return { grantId };
    },
  );
}
