import { accessReview, rulesReview } from '../reviews';
import { Call, parseBody, ResourceInfo, send } from './call';
import type { ClusterScope } from './scope';

/** A POST of an authorization.k8s.io review, answered but never stored. */
export function review(cluster: ClusterScope, call: Call, info: ResourceInfo) {
  const body = parseBody(call);
  const result =
    info.type.kind === 'SelfSubjectRulesReview'
      ? rulesReview(body, call.user, cluster.objects, cluster.azureRbac())
      : accessReview(
          info.type.kind,
          body,
          call.user,
          cluster.authorize,
          info.namespace,
        );
  return send(call, 201, result);
}
