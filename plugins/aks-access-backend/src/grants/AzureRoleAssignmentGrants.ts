import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ACCESS_LEVEL_MAPPINGS,
  AKS_BUILTIN_ROLES,
  AksNamespaceScopeForm,
  encodeGrantId,
  GrantClaim,
  namespaceNameSchema,
  parseAksNamespaceScope,
  parseArmId,
  parseRoleAssignmentId,
  roleDefinitionGuid,
  sameArmId,
} from '@aks-access/plugin-aks-access-common';
import {
  assignmentExpiry,
  managedDescription,
  managedEntityOf,
} from '../azure/managedMarkers';
import { armIdFromArm } from '../azure/roleAssignments';
import { namespaceEntity } from '../namespaces/namespaceOwnership';
import type { OperationDeps } from '../operations/OperationDeps';
import {
  GrantPlan,
  GrantStrategy,
  GrantTarget,
  GrantWish,
  laterEnd,
  VerifiedGrant,
} from './GrantStrategy';
import { ownedBy } from './ownedBy';

const NAMESPACE_SCOPE_FORMS: AksNamespaceScopeForm[] = [
  'namespaces',
  'managedNamespaces',
];

/**
 * Azure RBAC for Kubernetes: a role assignment of the level's AKS RBAC role
 * at the namespace's scope, or at an AKS managed namespace's own resource
 * (the namespace's form is the only difference), with a description that
 * names aks-access, the entity and, when time-bound, the end.
 */
export class AzureRoleAssignmentGrants implements GrantStrategy {
  static readonly assignmentsPerGrant = 1;

  constructor(
    private readonly deps: Pick<
      OperationDeps,
      'guardrails' | 'registry' | 'assignments'
    >,
  ) {}

  async plan(
    target: GrantTarget,
    { principal, level, expiresAt }: GrantWish,
    dryRun: boolean,
  ): Promise<GrantPlan> {
    const { cluster, namespace, entityRef, handle, provisioner } = target;
    const { assignments } = this.deps;
    const spec = {
      scope: parseAksNamespaceScope(
        parseArmId(handle.armId, 'cluster id').id,
        namespace,
        provisioner.scopeForm,
      ),
      role: ACCESS_LEVEL_MAPPINGS[level].azureRole,
      principalId: principal.objectId,
      principalType: principal.kind,
      description: managedDescription(entityRef),
    };
    const held = await assignments.get(spec);
    const heldExpiry = held && assignmentExpiry(held);
    const alreadyPermanent = !!expiresAt && !!held && !heldExpiry;
    // Two time-bound grants of the same assignment end with the later one.
    const endsAt = expiresAt && laterEnd(expiresAt, heldExpiry);
    const described = {
      ...spec,
      description: managedDescription(entityRef, endsAt),
    };
    return {
      grantId: encodeGrantId({
        cluster,
        source: 'AzureRoleAssignment',
        id: assignments.idOf(spec),
      }),
      alreadyPermanent,
      assignmentsAdded: held
        ? 0
        : AzureRoleAssignmentGrants.assignmentsPerGrant,
      apply: async () => {
        if (!held) return assignments.create(described, dryRun);
        if (alreadyPermanent || held.description === described.description) {
          return assignments.unchanged(described);
        }
        return assignments.updateDescription(described, dryRun);
      },
    };
  }

  /**
   * The id must be exactly `<cluster>/namespaces/<ns>/providers/
   * Microsoft.Authorization/roleAssignments/<guid>` (or `/managedNamespaces/`),
   * and the assignment ARM holds under it must be at that namespace's scope
   * and managed: the id alone proves nothing about the object it names.
   */
  async verify(
    claim: Extract<GrantClaim, { source: 'AzureRoleAssignment' }>,
    dryRun: boolean,
  ): Promise<VerifiedGrant> {
    const { assignment, cluster } = claim;
    const { assignments } = this.deps;
    const handle = this.deps.registry.get(cluster);
    const clusterArmId = handle.armId;
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
        `Grant ${assignment.id.id} is not a namespace-scoped role assignment on ${cluster}: a revocable Azure grant is ${clusterArmId}/namespaces/<namespace> (or /managedNamespaces/<namespace>)/providers/Microsoft.Authorization/roleAssignments/<GUID>; cluster-wide grants are not managed from Backstage`,
      );
    }
    this.deps.guardrails.checkNamespace(namespace);
    const [held, { entityRef }] = await Promise.all([
      assignments.getById(assignment),
      namespaceEntity(handle.objects(), namespace),
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
      : credentials
          .filter(isNamespaceUser)
          .map(a => parseRoleAssignmentId(a.id));
    return {
      cluster,
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
}
