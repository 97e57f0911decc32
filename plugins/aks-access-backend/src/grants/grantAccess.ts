import type { V1RoleBinding } from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import {
  ACCESS_LEVEL_MAPPINGS,
  AKS_BUILTIN_ROLES,
  encodeGrantId,
  ENTITY_REF_ANNOTATION,
  EXPIRES_AT_ANNOTATION,
  GrantRequest,
  GrantResponse,
  LEVEL_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  parseAksNamespaceScope,
  parseArmId,
  PRINCIPAL_ID_LABEL,
  RBAC_API_GROUP,
  roleBindingName,
} from '@aks-access/plugin-aks-access-common';
import type { ChangeLog } from '../operations/ChangeLog';
import { namespaceEntity, sameEntity } from '../namespaces/namespaceOwnership';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { Grantee, resolveGrantee } from './resolveGrantee';
import { assignmentExpiry, managedDescription } from '../azure/managedMarkers';
import { MANAGED_BY_ARM_LABEL } from '../azure/managedNamespaces';
import { RoleAssignments } from '../azure/roleAssignments';
import { runOperation } from '../operations/runOperation';

/** What a grant is about, read and checked before any permission check. */
export interface PreparedGrant {
  cluster: string;
  namespace: string;
  entityRef: string;
  handle: ReturnType<OperationDeps['registry']['get']>;
  objects: ReturnType<ReturnType<OperationDeps['registry']['get']>['objects']>;
  /** An AKS managed namespace takes its roles at its own ARM resource. */
  managedByArm: boolean;
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
    managedByArm:
      namespaceObject.metadata?.labels?.[MANAGED_BY_ARM_LABEL] === 'true',
    grantee,
  };
}

const later = (a: Date | undefined, b: string | undefined) =>
  b && (!a || Date.parse(b) > a.getTime()) ? new Date(b) : a;

/**
 * A level of access to one namespace for a group (or, where the policy
 * allows, a user), in the cluster's own authorization system, plus the
 * Cluster User Role that `az aks get-credentials` needs; inside an
 * operation's frame. With `expiresAt` the grant is time-bound and says so
 * on its own object; without, it is permanent, and a time-bound grant of
 * the same principal and level becomes permanent.
 */
export async function writeGrant(
  deps: OperationDeps,
  prepared: PreparedGrant,
  requestedLevel: string,
  dryRun: boolean,
  log: ChangeLog,
  expiresAt?: Date,
): Promise<GrantOutcome> {
  const { cluster, namespace, entityRef, handle, objects, managedByArm } =
    prepared;
  const principal = await prepared.grantee;
  const level = deps.guardrails.checkGrant(requestedLevel, principal.kind);
  const mapping = ACCESS_LEVEL_MAPPINGS[level];
  const record = handle.record ?? (await deps.registry.refreshRecord(cluster));
  const azureRbac = record?.properties.aadProfile?.enableAzureRBAC === true;
  const assignments = new RoleAssignments(s =>
    deps.registry.arm.authorizationFor(s),
  );
  const clusterScope = parseArmId(handle.armId, 'cluster id');
  const namespaceScope = parseAksNamespaceScope(
    clusterScope.id,
    namespace,
    managedByArm ? 'managedNamespaces' : 'namespaces',
  );
  // `az aks namespace get-credentials` needs the Namespace User role on a
  // managed namespace instead of the cluster-wide Cluster User Role.
  const credentialsRole = managedByArm
    ? { scope: namespaceScope, role: AKS_BUILTIN_ROLES.namespaceUser }
    : { scope: clusterScope, role: AKS_BUILTIN_ROLES.clusterUser };
  const bindingName = roleBindingName(level, principal.objectId);
  const namespaceAssignment = {
    scope: namespaceScope,
    role: mapping.azureRole,
    principalId: principal.objectId,
    principalType: principal.kind,
    description: managedDescription(entityRef),
  };
  // Every read before any write, side by side.
  const [heldAssignment, existing, clusterUserHeld] = await Promise.all([
    azureRbac ? assignments.get(namespaceAssignment) : undefined,
    azureRbac
      ? undefined
      : objects.read<V1RoleBinding>({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          name: bindingName,
          namespace,
        }),
    assignments.findHeld(
      credentialsRole.scope,
      credentialsRole.role,
      principal.objectId,
    ),
  ]);
  if (!azureRbac) {
    // A binding of this name that another entity's grant made is not ours to rewrite.
    const owner = existing?.metadata?.annotations?.[ENTITY_REF_ANNOTATION];
    const managed =
      existing?.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;
    if (existing && (!managed || (owner && !sameEntity(owner, entityRef)))) {
      throw new ConflictError(
        `RoleBinding ${namespace}/${bindingName} on ${cluster} exists and belongs to ${
          managed ? owner : 'someone outside aks-access'
        }, not to ${entityRef}; it is not overwritten`,
      );
    }
  }
  // What the grant's own object says of its end: none is for good.
  const held = azureRbac ? heldAssignment : existing;
  const heldExpiry = azureRbac
    ? heldAssignment && assignmentExpiry(heldAssignment)
    : existing?.metadata?.annotations?.[EXPIRES_AT_ANNOTATION];
  const alreadyPermanent = !!expiresAt && !!held && !heldExpiry;
  // Two time-bound grants of the same binding end with the later one.
  const endsAt = expiresAt && later(expiresAt, heldExpiry);
  const description = managedDescription(entityRef, endsAt);

  const grantId = azureRbac
    ? encodeGrantId({
        cluster,
        source: 'AzureRoleAssignment',
        id: assignments.idOf(namespaceAssignment),
      })
    : encodeGrantId({
        cluster,
        source: 'RoleBinding',
        id: `${namespace}/${bindingName}`,
        subject: `${principal.kind}:${principal.subjectName}`,
      });

  const bindingRef = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    name: bindingName,
    namespace,
  };
  const namespaceGrant = async () => {
    if (azureRbac) {
      const spec = { ...namespaceAssignment, description };
      if (!heldAssignment) return assignments.create(spec, dryRun);
      if (alreadyPermanent || heldAssignment.description === description) {
        return assignments.unchanged(spec);
      }
      return assignments.describe(spec, dryRun);
    }
    if (alreadyPermanent) return objects.unchanged(bindingRef);
    return objects.apply(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: {
          name: bindingName,
          namespace,
          labels: {
            [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
            [PRINCIPAL_ID_LABEL]: principal.objectId,
            [LEVEL_LABEL]: level,
          },
          annotations: {
            [ENTITY_REF_ANNOTATION]: entityRef,
            ...(endsAt
              ? { [EXPIRES_AT_ANNOTATION]: endsAt.toISOString() }
              : {}),
          },
        },
        roleRef: {
          apiGroup: RBAC_API_GROUP,
          kind: 'ClusterRole',
          name: mapping.clusterRole,
        },
        subjects: [
          {
            kind: principal.kind,
            name: principal.subjectName,
            apiGroup: RBAC_API_GROUP,
          },
        ],
      },
      dryRun,
      { before: existing ?? null },
    );
  };

  // Held at or above the cluster, under any name, includes ours: no second look.
  const clusterUser = async () =>
    clusterUserHeld ??
    assignments.create(
      {
        ...credentialsRole,
        principalId: principal.objectId,
        principalType: principal.kind,
        description: managedDescription(entityRef),
      },
      dryRun,
    );

  await log.parallel(namespaceGrant, clusterUser);
  return { grantId, alreadyPermanent };
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
