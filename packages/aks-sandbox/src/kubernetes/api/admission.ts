import type { KubeObject } from '../../state/types';
import { badRequest, conflict, invalid, KubeError, notFound } from '../errors';
import type { GuardRequest } from '../managedNamespaceGuard';
import type { ResourceType } from '../resources';
import { validateObject } from '../validation';
import { Call, ResourceInfo, typeKey } from './call';
import type { ClusterScope } from './scope';

export function validate(
  type: ResourceType,
  object: KubeObject,
  previous?: KubeObject,
) {
  const causes = validateObject(type, object, previous);
  if (causes.length)
    throw invalid(
      type.kind,
      type.group,
      object.metadata.name ?? object.metadata.generateName ?? '',
      causes,
    );
}

/**
 * Puts a namespaced object in the request's namespace, which must exist and,
 * as the NamespaceLifecycle admission plugin has it, not be terminating
 * unless the object already exists there.
 */
export function checkNamespace(
  cluster: ClusterScope,
  info: ResourceInfo,
  object: KubeObject,
) {
  if (!info.type.namespaced) {
    delete object.metadata.namespace;
    return;
  }
  if (
    object.metadata.namespace &&
    object.metadata.namespace !== info.namespace
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  object.metadata.namespace = info.namespace;
  const ns = cluster.objects.get('/namespaces', undefined, info.namespace!);
  if (!ns)
    throw notFound({ group: '', resource: 'namespaces' }, info.namespace!);
  if (
    ns.metadata.deletionTimestamp &&
    !cluster.objects.get(
      typeKey(info.type),
      info.namespace,
      object.metadata.name,
    )
  ) {
    throw new KubeError(
      403,
      'Forbidden',
      `${info.type.resource} "${object.metadata.name}" is forbidden: unable to create new content in namespace ${info.namespace} because it is being terminated`,
      {
        name: object.metadata.name,
        group: info.type.group || undefined,
        kind: info.type.resource,
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${info.namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      },
    );
  }
}

/** Optimistic concurrency: a write that names a resourceVersion must name the current one. */
export function checkResourceVersion(
  info: ResourceInfo,
  object: KubeObject,
  previous: KubeObject,
) {
  const rv = object.metadata.resourceVersion;
  if (rv && rv !== previous.metadata.resourceVersion)
    throw conflict(info.type, info.name!);
}

/** What the managed-namespace webhook (../managedNamespaceGuard.ts) is asked about a write. */
export function managedNamespaceReview(
  cluster: ClusterScope,
  call: Call,
  info: ResourceInfo,
): GuardRequest {
  return {
    username: call.user.username,
    type: info.type,
    subresource: info.subresource,
    namespaceObject: name =>
      cluster.objects.get('/namespaces', undefined, name),
  };
}
