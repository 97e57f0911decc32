import type { V1RoleBinding } from '@kubernetes/client-node';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  AKS_BUILTIN_ROLES,
  ENTITY_REF_ANNOTATION,
  EXPIRES_AT_ANNOTATION,
  GrantClaim,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  namespaceNameSchema,
  AksNamespaceScopeForm,
  parseAksNamespaceScope,
  parseGrantClaim,
  parseRoleAssignmentId,
  RevokeGrantResponse,
  roleDefinitionGuid,
  sameArmId,
} from '@aks-access/plugin-aks-access-common';
import type { ClusterObjects } from '../kubernetes/ClusterObjects';
import { namespaceEntity, sameEntity } from '../namespaces/namespaceOwnership';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { assignmentExpiry, managedEntityOf } from '../azure/managedMarkers';
import { armIdFromArm, RoleAssignments } from '../azure/roleAssignments';
import type { ChangeLog } from '../operations/ChangeLog';
import { runOperation } from '../operations/runOperation';

const NAMESPACE_SCOPE_FORMS: AksNamespaceScopeForm[] = [
  'namespaces',
  'managedNamespaces',
];

export interface VerifiedGrant {
  namespace: string;
  entityRef: string;
  /** A time-bound grant's end, as its own object says it. */
  expiresAt?: string;
  remove: (log: ChangeLog) => Promise<unknown>;
  deletedAssignmentIds: string[];
}

function ownedBy(
  what: string,
  owner: string | undefined,
  entityRef: string,
): void {
  if (owner && !sameEntity(owner, entityRef)) {
    throw new ConflictError(
      `${what} belongs to ${owner}, not to ${entityRef}, the entity of its namespace; it is not revoked`,
    );
  }
}

async function verifyRoleBinding(
  deps: OperationDeps,
  objects: ClusterObjects,
  claim: Extract<GrantClaim, { source: 'RoleBinding' }>,
  dryRun: boolean,
): Promise<VerifiedGrant> {
  const { namespace, name } = claim;
  deps.guardrails.checkNamespace(namespace);
  const ref = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    name,
    namespace,
  };
  const binding = await objects.read<V1RoleBinding>(ref);
  const what = `RoleBinding ${namespace}/${name} on ${claim.cluster}`;
  if (!binding) throw new NotFoundError(`${what} does not exist`);
  if (binding.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
    throw new ConflictError(
      `${what} was not made by aks-access (no ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE} label); only managed grants can be revoked`,
    );
  }
  const { entityRef } = await namespaceEntity(objects, namespace);
  ownedBy(
    what,
    binding.metadata?.annotations?.[ENTITY_REF_ANNOTATION],
    entityRef,
  );
  return {
    namespace,
    entityRef,
    expiresAt: binding.metadata?.annotations?.[EXPIRES_AT_ANNOTATION],
    remove: log => log.step(() => objects.delete(ref, dryRun)),
    deletedAssignmentIds: [],
  };
}

/**
 * The id must be exactly `<cluster>/namespaces/<ns>/providers/
 * Microsoft.Authorization/roleAssignments/<guid>`, and the assignment ARM
 * holds under it must be at that namespace's scope and managed: the id alone
 * proves nothing about the object it names.
 */
async function verifyRoleAssignment(
  deps: OperationDeps,
  objects: ClusterObjects,
  claim: Extract<GrantClaim, { source: 'AzureRoleAssignment' }>,
  clusterArmId: string,
  dryRun: boolean,
): Promise<VerifiedGrant> {
  const { assignment } = claim;
  const { segments } = assignment.scope;
  const namespace = segments[segments.length - 1];
  // The scope the id names must be exactly one this cluster gives the
  // namespace: its namespace scope, or its managed namespace's resource.
  const expected = namespaceNameSchema.safeParse(namespace).success
    ? NAMESPACE_SCOPE_FORMS.map(form =>
        parseAksNamespaceScope(clusterArmId, namespace, form),
      ).find(scope => sameArmId(scope, assignment.scope))
    : undefined;
  if (!expected) {
    throw new InputError(
      `Grant ${assignment.id.id} is not a namespace-scoped role assignment on ${claim.cluster}: a revocable Azure grant is ${clusterArmId}/namespaces/<namespace> (or /managedNamespaces/<namespace>)/providers/Microsoft.Authorization/roleAssignments/<GUID>; cluster-wide grants are not managed from Backstage`,
    );
  }
  deps.guardrails.checkNamespace(namespace);
  const assignments = new RoleAssignments(s =>
    deps.registry.arm.authorizationFor(s),
  );
  const [held, { entityRef }] = await Promise.all([
    assignments.getById(assignment),
    namespaceEntity(objects, namespace),
  ]);
  const what = `Role assignment ${assignment.id.id}`;
  if (!held) throw new NotFoundError(`${what} does not exist`);
  const heldScope = armIdFromArm(held.scope);
  if (!heldScope || !sameArmId(heldScope, assignment.scope)) {
    throw new ConflictError(
      `${what} is at scope ${held.scope}, not at namespace ${namespace}; it is not revoked`,
    );
  }
  const owner = managedEntityOf(held);
  if (!owner) {
    throw new ConflictError(
      `${what} was not made by aks-access (its description has no "managed-by: aks-access"); only managed grants can be revoked`,
    );
  }
  ownedBy(what, owner, entityRef);
  // On a managed namespace the principal's Namespace User role is there for
  // its grants in that namespace: with the last one it goes too.
  const credentials = (
    expected.providers.at(-1)?.resources.at(-1)?.type === 'managedNamespaces'
      ? await assignments.listManagedAtScope(expected)
      : []
  ).filter(a => a.principalId === held.principalId);
  const isNamespaceUser = (a: { roleDefinitionId?: string }) =>
    roleDefinitionGuid(a.roleDefinitionId ?? '') ===
    AKS_BUILTIN_ROLES.namespaceUser.guid;
  const othersRemain = credentials.some(a => {
    const id = armIdFromArm(a.id);
    return !isNamespaceUser(a) && !!id && !sameArmId(id, assignment.id);
  });
  const alsoRemoved = othersRemain
    ? []
    : credentials.filter(isNamespaceUser).map(a => parseRoleAssignmentId(a.id));
  return {
    namespace,
    entityRef,
    expiresAt: assignmentExpiry(held),
    remove: async log => {
      await log.parallel(
        () => assignments.deleteById(assignment, dryRun),
        ...alsoRemoved.map(id => () => assignments.deleteById(id, dryRun)),
      );
    },
    deletedAssignmentIds: [
      assignment.id.id,
      ...alsoRemoved.map(id => id.id.id),
    ],
  };
}

/**
 * Reads the object a grant id claims to name and proves from it that it is
 * a managed grant of its namespace's entity; nothing is written.
 */
export async function verifyGrant(
  deps: OperationDeps,
  grantId: string,
  dryRun: boolean,
): Promise<VerifiedGrant & { cluster: string }> {
  const claim = parseGrantClaim(grantId);
  const handle = deps.registry.get(claim.cluster);
  const objects = handle.objects();
  if (claim.source === 'RoleBinding') {
    return {
      cluster: claim.cluster,
      ...(await verifyRoleBinding(deps, objects, claim, dryRun)),
    };
  }
  if (claim.source !== 'AzureRoleAssignment') {
    throw new InputError(
      `${claim.source} grants are cluster-wide and not made by aks-access; they cannot be revoked from Backstage`,
    );
  }
  return {
    cluster: claim.cluster,
    ...(await verifyRoleAssignment(deps, objects, claim, handle.armId, dryRun)),
  };
}

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
    },
    async log => {
      await grant.remove(log);
      return {};
    },
    { deletedAssignmentIds: () => grant.deletedAssignmentIds },
  );
}
