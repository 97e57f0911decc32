import type { V1RoleBinding } from '@kubernetes/client-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ACCESS_LEVEL_MAPPINGS,
  encodeGrantId,
  ENTITY_REF_ANNOTATION,
  EXPIRES_AT_ANNOTATION,
  GrantClaim,
  LEVEL_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  PRINCIPAL_ID_LABEL,
  RBAC_API_GROUP,
  roleBindingName,
} from '@aks-access/plugin-aks-access-common';
import { namespaceEntity, sameEntity } from '../namespaces/namespaceOwnership';
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

const bindingRef = (namespace: string, name: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  name,
  namespace,
});

/**
 * Kubernetes RBAC: a RoleBinding in the namespace onto the level's
 * ClusterRole, named after the level and the principal, labelled as
 * aks-access's, annotated with its entity and, when time-bound, its end.
 */
export class RoleBindingGrants implements GrantStrategy {
  static readonly assignmentsPerGrant = 0;

  constructor(
    private readonly deps: Pick<OperationDeps, 'guardrails' | 'registry'>,
  ) {}

  async plan(
    target: GrantTarget,
    { principal, level, expiresAt }: GrantWish,
    dryRun: boolean,
  ): Promise<GrantPlan> {
    const { cluster, namespace, entityRef, objects } = target;
    const name = roleBindingName(level, principal.objectId);
    const ref = bindingRef(namespace, name);
    const existing = await objects.read<V1RoleBinding>(ref);
    // A binding of this name that another entity's grant made is not ours to rewrite.
    const owner = existing?.metadata?.annotations?.[ENTITY_REF_ANNOTATION];
    const managed =
      existing?.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;
    if (existing && (!managed || (owner && !sameEntity(owner, entityRef)))) {
      throw new ConflictError(
        `RoleBinding ${namespace}/${name} on ${cluster} exists and belongs to ${
          managed ? owner : 'someone outside aks-access'
        }, not to ${entityRef}; it is not overwritten`,
      );
    }
    const heldExpiry = existing?.metadata?.annotations?.[EXPIRES_AT_ANNOTATION];
    const alreadyPermanent = !!expiresAt && !!existing && !heldExpiry;
    // Two time-bound grants of the same binding end with the later one.
    const endsAt = expiresAt && laterEnd(expiresAt, heldExpiry);
    return {
      grantId: encodeGrantId({
        cluster,
        source: 'RoleBinding',
        id: `${namespace}/${name}`,
        subject: `${principal.kind}:${principal.subjectName}`,
      }),
      alreadyPermanent,
      assignmentsAdded: RoleBindingGrants.assignmentsPerGrant,
      apply: async () => {
        if (alreadyPermanent) return objects.unchanged(ref);
        return objects.apply(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            metadata: {
              name,
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
              name: ACCESS_LEVEL_MAPPINGS[level].clusterRole,
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
      },
    };
  }

  async verify(
    claim: Extract<GrantClaim, { source: 'RoleBinding' }>,
    dryRun: boolean,
  ): Promise<VerifiedGrant> {
    const { cluster, namespace, name } = claim;
    this.deps.guardrails.checkNamespace(namespace);
    const objects = this.deps.registry.get(cluster).objects();
    const ref = bindingRef(namespace, name);
    const binding = await objects.read<V1RoleBinding>(ref);
    const what = `RoleBinding ${namespace}/${name} on ${cluster}`;
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
      cluster,
      namespace,
      entityRef,
      expiresAt: binding.metadata?.annotations?.[EXPIRES_AT_ANNOTATION],
      remove: log => log.step(() => objects.delete(ref, dryRun)),
      deletedAssignmentIds: [],
    };
  }
}
