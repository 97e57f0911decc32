import type { V1RoleBinding } from '@kubernetes/client-node';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  aksAccessGrantReviewPermission,
  GrantReviewInput,
  GrantReviewResponse,
  GrantReviewResult,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  namespaceNameSchema,
  parseGrantClaim,
} from '@aks-access/plugin-aks-access-common';
import { isManagedAssignment } from '../azure/managedMarkers';
import { namespaceEntity } from '../namespaces/namespaceOwnership';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { requirePermission } from '../permissions/requirePermission';
import { verifyGrant } from '../grants/grantStrategies';
import type { VerifiedGrant } from '../grants/GrantStrategy';
import { actorOf, runOperation } from '../operations/runOperation';

interface ReviewTarget {
  grantId: string;
  decision: 'keep' | 'revoke';
  cluster: string;
  namespace: string;
  entityRef: string;
  /** For a revoke: the managed grant, proved from its object. */
  verified?: VerifiedGrant;
}

/** Who manages a grant aks-access did not make, for the refusal to revoke it. */
function externalOwner(binding: V1RoleBinding | undefined): string {
  const by = binding?.metadata?.labels?.[MANAGED_BY_LABEL];
  return by
    ? `it is managed by ${by} (${MANAGED_BY_LABEL}=${by})`
    : 'it was made outside aks-access (kubectl, GitOps or the cluster administrators)';
}

/**
 * Reads one decision's grant and proves, from its object, which entity's
 * namespace it is in and whether aks-access made it. Cluster-wide grants
 * are not in one entity's namespace and are not reviewed here.
 */
async function targetOf(
  deps: OperationDeps,
  decision: GrantReviewInput['decisions'][number],
  dryRun: boolean,
): Promise<ReviewTarget> {
  const claim = parseGrantClaim(decision.grantId);
  const objects = deps.registry.get(claim.cluster).objects();
  let namespace: string;
  let managed: boolean;
  let refusal: string;
  if (claim.source === 'RoleBinding') {
    namespace = claim.namespace;
    const binding = await objects.read<V1RoleBinding>({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      name: claim.name,
      namespace,
    });
    if (!binding) {
      throw new NotFoundError(
        `RoleBinding ${namespace}/${claim.name} on ${claim.cluster} does not exist`,
      );
    }
    managed = binding.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;
    refusal = `RoleBinding ${namespace}/${claim.name} on ${
      claim.cluster
    } cannot be revoked from Backstage: ${externalOwner(
      binding,
    )}; change it there, or keep it`;
  } else if (claim.source === 'AzureRoleAssignment') {
    const { segments } = claim.assignment.scope;
    namespace = segments[segments.length - 1];
    const namespaced =
      segments.length >= 2 &&
      ['namespaces', 'managednamespaces'].includes(
        segments[segments.length - 2].toLowerCase(),
      ) &&
      namespaceNameSchema.safeParse(namespace).success;
    if (!namespaced) {
      throw new InputError(
        `Grant ${decision.grantId} is an Azure role assignment at ${claim.assignment.scope.id}, above any one namespace: it is reviewed with the cluster's owners in Azure, not per entity`,
      );
    }
    const held = await deps.assignments.getById(claim.assignment);
    if (!held) {
      throw new NotFoundError(
        `Role assignment ${claim.assignment.id.id} does not exist`,
      );
    }
    managed = isManagedAssignment(held);
    refusal = `Role assignment ${
      claim.assignment.id.id
    } cannot be revoked from Backstage: it was made in Azure outside aks-access${
      held.createdBy ? ` (by ${held.createdBy})` : ''
    }; remove it there, or keep it`;
  } else {
    throw new InputError(
      `Grant ${decision.grantId} is a cluster-wide ${claim.source}, which belongs to no one entity's namespace: it is reviewed with the cluster's owners (its ClusterRoleBindings and aadProfile.adminGroupObjectIDs), not here`,
    );
  }
  const { entityRef } = await namespaceEntity(objects, namespace);
  if (decision.decision === 'revoke' && !managed) {
    throw new ConflictError(refusal);
  }
  return {
    grantId: decision.grantId,
    decision: decision.decision,
    cluster: claim.cluster,
    namespace,
    entityRef,
    verified:
      decision.decision === 'revoke'
        ? await verifyGrant(deps, decision.grantId, dryRun)
        : undefined,
  };
}

function outcomeOf(dryRun: boolean, target: ReviewTarget) {
  if (dryRun) return 'planned' as const;
  return target.verified ? ('revoked' as const) : ('kept' as const);
}

/**
 * POST /grants/reviews: the owners confirm or revoke many grants at once.
 * Every grant is read and every permission checked before the first write,
 * so a batch with one bad decision changes nothing.
 */
export async function reviewGrants(
  deps: OperationDeps,
  caller: Caller,
  input: GrantReviewInput,
): Promise<GrantReviewResponse> {
  const dryRun = input.dryRun ?? false;
  const ids = input.decisions.map(d => d.grantId);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) {
    throw new InputError(`decisions name grant ${repeated} more than once`);
  }
  const targets = await Promise.all(
    input.decisions.map(d => targetOf(deps, d, dryRun)),
  );
  for (const entityRef of new Set(targets.map(t => t.entityRef))) {
    await requirePermission(
      deps.permissions,
      caller.credentials,
      aksAccessGrantReviewPermission,
      entityRef,
    );
  }

  const reviewer = actorOf(caller.credentials);
  const now = deps.clock.now();
  const results: GrantReviewResult[] = [];
  const changes: GrantReviewResponse['changes'] = [];
  for (const target of targets) {
    const run = await runOperation(
      deps,
      caller,
      {
        operation: 'reviewGrants',
        entityRef: target.entityRef,
        cluster: target.cluster,
        namespace: target.namespace,
        dryRun,
        subject: {
          grantId: target.grantId,
          decisions: [{ grantId: target.grantId, decision: target.decision }],
        },
      },
      async log => {
        // A dry run plans the revokes (verified as dry runs) and stamps nothing.
        if (target.verified) {
          await target.verified.remove(log);
          if (!dryRun) await deps.reviews.forget(target.grantId);
        } else if (!dryRun) {
          await deps.reviews.stamp(
            target.grantId,
            target.entityRef.toLocaleLowerCase('en-US'),
            reviewer,
            now,
          );
        }
        return {};
      },
      {
        deletedAssignmentIds: () => target.verified?.deletedAssignmentIds ?? [],
      },
    );
    changes.push(...run.changes);
    results.push({
      grantId: target.grantId,
      decision: target.decision,
      outcome: outcomeOf(dryRun, target),
      ...(!dryRun && !target.verified
        ? {
            review: {
              lastReviewedAt: now.toISOString(),
              reviewedBy: reviewer,
              dueAt: deps.guardrails
                .reviewDueAt(
                  deps.registry.get(target.cluster).config.environment ??
                    'default',
                  now,
                )
                .toISOString(),
              overdue: false,
            },
          }
        : {}),
    });
  }
  return { results, changes };
}
