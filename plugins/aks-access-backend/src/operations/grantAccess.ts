import type { V1RoleBinding } from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import {
  ACCESS_LEVEL_MAPPINGS,
  AKS_BUILTIN_ROLES,
  encodeGrantId,
  ENTITY_REF_ANNOTATION,
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
import { namespaceEntity, sameEntity } from './namespaceOwnership';
import type { Caller, OperationDeps } from './OperationDeps';
import { resolveGrantee } from './resolveGrantee';
import { managedDescription } from '../azure/managedMarkers';
import { MANAGED_BY_ARM_LABEL } from '../azure/managedNamespaces';
import { RoleAssignments } from '../azure/roleAssignments';
import { runOperation } from './runOperation';

/**
 * A level of access to one namespace for a group (or, where the policy allows,
 * a user), in the cluster's own authorization system, plus the Cluster User
 * Role that `az aks get-credentials` needs.
 */
export async function grantAccess(
  deps: OperationDeps,
  caller: Caller,
  input: GrantRequest,
): Promise<GrantResponse> {
  const dryRun = input.dryRun ?? false;
  const { cluster, namespace } = input;
  deps.guardrails.checkNamespace(namespace);
  const handle = deps.registry.get(cluster);
  const objects = handle.objects();
  // Looked up beside the namespace read, and only reported after the
  // permission check: a caller without it learns nothing about principals.
  const resolving = resolveGrantee(deps, input.principal);
  resolving.catch(() => {});
  const { entityRef, object: namespaceObject } = await namespaceEntity(
    objects,
    namespace,
  );
  // An AKS managed namespace takes its roles at its own ARM resource, and
  // `az aks namespace get-credentials` needs the Namespace User role there
  // instead of the cluster-wide Cluster User Role.
  const managedByArm =
    namespaceObject.metadata?.labels?.[MANAGED_BY_ARM_LABEL] === 'true';

  return runOperation(
    deps,
    caller,
    {
      operation: 'createGrant',
      entityRef,
      cluster,
      namespace,
      dryRun,
    },
    async log => {
      const principal = await resolving;
      const level = deps.guardrails.checkGrant(input.level, principal.kind);
      const mapping = ACCESS_LEVEL_MAPPINGS[level];
      const record =
        handle.record ?? (await deps.registry.refreshRecord(cluster));
      const azureRbac = record?.properties.aadProfile?.enableAzureRBAC === true;
      const assignments = new RoleAssignments(s =>
        deps.registry.arm.authorizationFor(s),
      );
      const description = managedDescription(entityRef);
      const clusterScope = parseArmId(handle.armId, 'cluster id');
      const namespaceScope = parseAksNamespaceScope(
        clusterScope.id,
        namespace,
        managedByArm ? 'managedNamespaces' : 'namespaces',
      );
      const credentialsRole = managedByArm
        ? {
            scope: namespaceScope,
            role: AKS_BUILTIN_ROLES.namespaceUser,
          }
        : { scope: clusterScope, role: AKS_BUILTIN_ROLES.clusterUser };
      const bindingName = roleBindingName(level, principal.objectId);
      const namespaceAssignment = {
        scope: namespaceScope,
        role: mapping.azureRole,
        principalId: principal.objectId,
        principalType: principal.kind,
        description,
      };
      // Every read before any write, side by side.
      const [heldAssignment, existing, clusterUserHeld] = await Promise.all([
        azureRbac ? assignments.find(namespaceAssignment) : undefined,
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
        if (
          existing &&
          (!managed || (owner && !sameEntity(owner, entityRef)))
        ) {
          throw new ConflictError(
            `RoleBinding ${namespace}/${bindingName} on ${cluster} exists and belongs to ${
              managed ? owner : 'someone outside aks-access'
            }, not to ${entityRef}; it is not overwritten`,
          );
        }
      }
      let grantId = '';

      const namespaceGrant = async () => {
        if (azureRbac) {
          const change =
            heldAssignment ??
            (await assignments.create(namespaceAssignment, dryRun));
          grantId = encodeGrantId({
            cluster,
            source: 'AzureRoleAssignment',
            id: change.id!,
          });
          return change;
        }
        const name = bindingName;
        grantId = encodeGrantId({
          cluster,
          source: 'RoleBinding',
          id: `${namespace}/${name}`,
          subject: `${principal.kind}:${principal.subjectName}`,
        });
        return objects.apply(
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'RoleBinding',
            metadata: {
              name,
              namespace,
              labels: {
                [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
                [PRINCIPAL_ID_LABEL]: principal.objectId,
                [LEVEL_LABEL]: level,
              },
              annotations: { [ENTITY_REF_ANNOTATION]: entityRef },
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
            description,
          },
          dryRun,
        );

      await log.parallel(namespaceGrant, clusterUser);
      return { grantId };
    },
  );
}
