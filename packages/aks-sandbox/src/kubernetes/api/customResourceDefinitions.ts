import { notFound } from '../errors';
import type { RequestInfo } from '../requestInfo';
import { Call, send } from './call';
import type { ClusterScope } from './scope';

/*
 * apiextensions.k8s.io/v1 customresourcedefinitions, as far as clients read
 * them: the sandbox defines no custom resources, so a list is empty and a
 * name is NotFound. kubectl lists CRDs when it validates a manifest whose
 * kind has no PATCH endpoint (the access reviews): its field-validation
 * check falls back from /openapi/v3 to /openapi/v2 and, not finding the
 * kind there, asks whether it is a custom one. A real API server always
 * serves the group.
 */

const TYPE = {
  group: 'apiextensions.k8s.io',
  resource: 'customresourcedefinitions',
};

export function isCustomResourceDefinitions(info: RequestInfo): boolean {
  return (
    info.kind === 'resource' &&
    info.group === TYPE.group &&
    info.version === 'v1' &&
    info.resource === TYPE.resource &&
    !info.namespace &&
    !info.subresource &&
    (info.verb === 'list' || info.verb === 'get')
  );
}

export function customResourceDefinitions(
  cluster: ClusterScope,
  call: Call,
  info: Extract<RequestInfo, { kind: 'resource' }>,
) {
  cluster.check({
    user: call.user,
    verb: info.verb,
    resourceRequest: true,
    apiGroup: TYPE.group,
    resource: TYPE.resource,
    name: info.name,
  });
  if (info.name) throw notFound(TYPE, info.name);
  return send(call, 200, {
    kind: 'CustomResourceDefinitionList',
    apiVersion: 'apiextensions.k8s.io/v1',
    metadata: { resourceVersion: String(cluster.objects.resourceVersion) },
    items: [],
  });
}
