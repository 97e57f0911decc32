import { AuthorizationV1Api } from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import {
  accessReviewInput,
  AccessReviewResponse,
} from '@aks-access/plugin-aks-access-common';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { PrincipalDirectory } from '../access/PrincipalDirectory';

/**
 * Asks the cluster itself (SubjectAccessReview) whether a user or group may
 * do something in a namespace. The cluster's authorizer chain answers, so
 * on azure-rbac clusters Azure role assignments count too — which is why
 * Entra principals carry `extra.oid`.
 */
export async function reviewAccess(
  body: unknown,
  registry: ClusterRegistry,
  principals: PrincipalDirectory,
): Promise<AccessReviewResponse> {
  const parsed = accessReviewInput.safeParse(body);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues
        .map(i => `${i.path.join('.')}: ${i.message}`)
        .join('; '),
    );
  }
  const { cluster, namespace, principal, verb, resource, group } = parsed.data;
  await principals.ready();
  const known = principal.includes(':')
    ? principals.byRef(principal)
    : principals.byId(principal);
  if (principal.includes(':') && !known) {
    throw new InputError(
      `${principal} has no graph.microsoft.com annotation in the catalog, so its Entra object id is unknown`,
    );
  }
  const objectId = known?.objectId ?? principal.toLowerCase();
  const isUser = known?.kind === 'User';
  const user = isUser ? known!.email ?? objectId : objectId;
  const groups = isUser
    ? [...known!.groupObjectIds, 'system:authenticated']
    : [objectId, 'system:authenticated'];
  const api = registry
    .get(cluster)
    .kubeConfig()
    .makeApiClient(AuthorizationV1Api);
  const review = await api.createSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user,
        groups,
        extra: { oid: [objectId] },
        resourceAttributes: { namespace, verb, resource, group: group ?? '' },
      },
    },
  });
  return {
    allowed: !!review.status?.allowed,
    reason:
      review.status?.reason ||
      review.status?.evaluationError ||
      (review.status?.allowed
        ? 'allowed'
        : 'no RBAC rule or Azure role assignment allows it'),
  };
}
