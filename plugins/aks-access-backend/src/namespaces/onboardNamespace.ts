import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ADOPTED_ANNOTATION,
  ENTITY_REF_ANNOTATION,
  getEntityNamespaceSelectors,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_ID_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  namespaceBelongsToEntity,
  OnboardNamespaceRequest,
  OnboardNamespaceResponse,
  OWNER_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';
import { readNamespace, sameEntity } from './namespaceOwnership';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { runOperation } from '../operations/runOperation';
import { provisionerForCluster } from './namespaceProvisioners';

const MANAGED = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };

export const QUOTA_NAME = 'aks-access-quota';
export const LIMIT_RANGE_NAME = 'aks-access-limits';
export const NETWORK_POLICY_NAME = 'aks-access-same-namespace-ingress';

/** Namespace, quota, limits and default network policy for an entity (DESIGN §3, §5). */
export async function onboardNamespace(
  deps: OperationDeps,
  caller: Caller,
  input: OnboardNamespaceRequest,
): Promise<OnboardNamespaceResponse> {
  const dryRun = input.dryRun ?? false;
  const { cluster, namespace, entityRef, owner } = input;
  return runOperation(
    deps,
    caller,
    {
      operation: 'onboardNamespace',
      entityRef,
      cluster,
      namespace,
      dryRun,
    },
    async log => {
      deps.guardrails.checkNamespace(namespace);
      const tier = deps.guardrails.tier(input.tier);
      const handle = deps.registry.get(cluster);
      const [entity, ownerGroup] = await Promise.all([
        deps.catalog.getEntityByRef(entityRef, {
          credentials: caller.credentials,
        }),
        deps.catalog.getEntityByRef(owner, {
          credentials: await deps.auth.getOwnServiceCredentials(),
        }),
      ]);
      if (!entity)
        throw new NotFoundError(`Entity ${entityRef} not found in the catalog`);
      if (ownerGroup?.kind.toLocaleLowerCase('en-US') !== 'group') {
        throw new InputError(
          `owner ${owner} is not a Group in the catalog; the owner annotation must name a team that exists`,
        );
      }
      const objects = handle.objects();
      const provisioner = provisionerForCluster(deps, handle);
      const existing = await readNamespace(objects, namespace);
      if (existing) {
        const claimedBy =
          existing.metadata?.annotations?.[ENTITY_REF_ANNOTATION];
        const mapped = namespaceBelongsToEntity(
          getEntityNamespaceSelectors(entity),
          cluster,
          { metadata: existing.metadata ?? {} },
        );
        if (claimedBy ? !sameEntity(claimedBy, entityRef) : !mapped) {
          throw new ConflictError(
            `Namespace ${namespace} on ${cluster} already exists and belongs to ${
              claimedBy ?? 'no entity managed by aks-access'
            }; it cannot be onboarded for ${entityRef}`,
          );
        }
      }

      // Recorded once and kept: our managed-by label, set below, must not
      // later make an adopted namespace look like one aks-access created.
      const adopted =
        !!existing &&
        (existing.metadata?.annotations?.[ADOPTED_ANNOTATION] === 'true' ||
          existing.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE);
      const kubernetesId =
        entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ??
        entity.metadata.name;
      const labels = { ...MANAGED, [KUBERNETES_ID_LABEL]: kubernetesId };
      const annotations = {
        [ENTITY_REF_ANNOTATION]: entityRef,
        [OWNER_ANNOTATION]: owner,
        ...(adopted ? { [ADOPTED_ANNOTATION]: 'true' } : {}),
      };

      const plan = await provisioner.plan(
        { namespace, labels, annotations, tier: tier?.tier, existing },
        dryRun,
      );
      await log.step(plan.apply);

      const namespaced = [];
      if (tier) {
        const hard = plan.kubernetesQuota;
        if (Object.keys(hard).length) {
          namespaced.push({
            apiVersion: 'v1',
            kind: 'ResourceQuota',
            metadata: { name: QUOTA_NAME, namespace, labels: MANAGED },
            spec: { hard },
          });
        }
        const { limitRange } = tier.tier;
        if (limitRange.default || limitRange.defaultRequest || limitRange.max) {
          namespaced.push({
            apiVersion: 'v1',
            kind: 'LimitRange',
            metadata: { name: LIMIT_RANGE_NAME, namespace, labels: MANAGED },
            spec: { limits: [{ type: 'Container', ...limitRange }] },
          });
        }
      }
      if (
        plan.kubernetesNetworkPolicy &&
        deps.guardrails.policy.namespaces.networkPolicy ===
          'same-namespace-ingress'
      ) {
        namespaced.push({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: NETWORK_POLICY_NAME, namespace, labels: MANAGED },
          spec: {
            podSelector: {},
            policyTypes: ['Ingress'],
            ingress: [{ from: [{ podSelector: {} }] }],
          },
        });
      }
      // A namespace that did not exist holds nothing yet: nothing to read
      // before writing, and nothing a dry run could ask the server about.
      await log.parallel(
        ...namespaced.map(object => () => {
          if (existing) return objects.apply(object, dryRun);
          if (!dryRun) return objects.apply(object, dryRun, { before: null });
          return Promise.resolve(
            objects.plannedCreate({
              apiVersion: object.apiVersion,
              kind: object.kind,
              name: object.metadata.name,
              namespace,
            }),
          );
        }),
      );
      return {
        namespace,
        cluster,
        apiServerUrl: handle.kubeConfig().getCurrentCluster()?.server ?? '',
      };
    },
  );
}
