import {
  AuthorizationV1Api,
  KubeConfig,
  V1SubjectAccessReviewSpec,
  V1SubjectAccessReviewStatus,
} from '@kubernetes/client-node';

/** The cluster's own authorizer chain's answer, Azure RBAC included. */
export async function subjectAccessReview(
  kubeConfig: KubeConfig,
  spec: V1SubjectAccessReviewSpec,
): Promise<V1SubjectAccessReviewStatus | undefined> {
  const review = await kubeConfig
    .makeApiClient(AuthorizationV1Api)
    .createSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec,
      },
    });
  return review.status;
}
