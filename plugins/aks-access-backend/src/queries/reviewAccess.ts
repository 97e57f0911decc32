import { InputError } from '@backstage/errors';
import {
  accessReviewInput,
  AccessReviewResponse,
  parseInput,
} from '@aks-access/plugin-aks-access-common';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { PrincipalDirectory } from '../access/PrincipalDirectory';
import { subjectAccessReview } from '../kubernetes/subjectAccessReview';

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
  const { cluster, namespace, principal, verb, resource, group } = parseInput(
    accessReviewInput,
    body,
  );
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
  const status = await subjectAccessReview(registry.get(cluster).kubeConfig(), {
    user,
    groups,
    extra: { oid: [objectId] },
    resourceAttributes: { namespace, verb, resource, group: group ?? '' },
  });
  return {
    allowed: !!status?.allowed,
    reason:
      status?.reason ||
      status?.evaluationError ||
      (status?.allowed
        ? 'allowed'
        : 'no RBAC rule or Azure role assignment allows it'),
  };
}
