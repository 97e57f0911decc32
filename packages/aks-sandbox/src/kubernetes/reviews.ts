import type { Authorizer } from './authorizer';
import type { ClusterObjects } from './clusterObjects';
import { badRequest } from './errors';
import {
  applicableRules,
  PolicyRule,
  RequestAttributes,
  UserInfo,
} from './rbac';

/*
 * authorization.k8s.io/v1 reviews, answered by the same authorizer that
 * guards requests, so "can-i" never disagrees with what a request would get.
 */

interface ReviewSpec {
  user?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
  uid?: string;
  resourceAttributes?: {
    namespace?: string;
    verb?: string;
    group?: string;
    resource?: string;
    subresource?: string;
    name?: string;
  };
  nonResourceAttributes?: { path?: string; verb?: string };
  namespace?: string;
}

function attributesFor(user: UserInfo, spec: ReviewSpec): RequestAttributes {
  const r = spec.resourceAttributes;
  if (r) {
    return {
      user,
      verb: r.verb ?? '',
      resourceRequest: true,
      namespace: r.namespace || undefined,
      apiGroup: r.group ?? '',
      resource: r.resource ?? '',
      subresource: r.subresource || undefined,
      name: r.name || undefined,
    };
  }
  const n = spec.nonResourceAttributes;
  if (n)
    return {
      user,
      verb: n.verb ?? '',
      resourceRequest: false,
      path: n.path ?? '',
    };
  throw badRequest(
    'exactly one of nonResourceAttributes or resourceAttributes must be specified',
  );
}

export function accessReview(
  kind: string,
  body: any,
  requester: UserInfo,
  authorize: Authorizer,
  namespace?: string,
) {
  const spec: ReviewSpec = body?.spec ?? {};
  let user = requester;
  if (kind === 'SubjectAccessReview' || kind === 'LocalSubjectAccessReview') {
    if (!spec.user && !spec.groups?.length)
      throw badRequest('at least one of user or group must be specified');
    user = {
      username: spec.user ?? '',
      groups: spec.groups ?? [],
      extra: spec.extra,
      uid: spec.uid,
    };
  }
  const attributes = attributesFor(user, spec);
  if (kind === 'LocalSubjectAccessReview') attributes.namespace = namespace;
  const decision = authorize(attributes);
  return {
    kind,
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { ...(namespace ? { namespace } : {}), creationTimestamp: null },
    spec,
    status: {
      allowed: decision.allowed,
      ...(decision.reason ? { reason: decision.reason } : {}),
    },
  };
}

export function rulesReview(
  body: any,
  user: UserInfo,
  objects: ClusterObjects,
  azureRbac: boolean,
) {
  const namespace: string | undefined = body?.spec?.namespace;
  const rules: PolicyRule[] = user.groups.includes('system:masters')
    ? [
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
        { verbs: ['*'], nonResourceURLs: ['*'] },
      ]
    : [...applicableRules(objects, user, namespace)];
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: body?.spec ?? {},
    status: {
      resourceRules: rules
        .filter(r => !r.nonResourceURLs)
        .map(r => ({
          verbs: r.verbs,
          apiGroups: r.apiGroups ?? [],
          resources: r.resources ?? [],
          ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
        })),
      nonResourceRules: rules
        .filter(r => r.nonResourceURLs)
        .map(r => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
      // A webhook authorizer (Azure RBAC) cannot enumerate its rules.
      incomplete: azureRbac,
      ...(azureRbac
        ? {
            evaluationError:
              'webhook authorizer does not support user rule resolution',
          }
        : {}),
    },
  };
}
