import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../state/types';
import { recordUpdate } from '../managedFields';
import { schemaForKind } from '../openapi';
import { apiVersionOf } from '../resources';
import { admitManagedUpdate } from '../managedNamespaceGuard';
import { managedNamespaceReview, validate } from './admission';
import { Call, dryRun, now, ResourceInfo, send, typeKey } from './call';
import { confirmNoEscalation } from './escalation';
import type { ClusterScope } from './scope';

/**
 * Validation, admission and storage shared by every write. `manager` is the
 * field manager an update is recorded for; undefined when the caller has
 * already computed managedFields (server-side apply).
 */
export async function writeObject(
  cluster: ClusterScope,
  call: Call,
  info: ResourceInfo,
  object: KubeObject,
  previous: KubeObject | undefined,
  manager: string | undefined,
) {
  const { type } = info;
  const { objects } = cluster;
  validate(type, object, previous);
  if (previous)
    admitManagedUpdate(
      managedNamespaceReview(cluster, call, info),
      object,
      previous,
    );
  confirmNoEscalation(cluster, call.user, type, object);
  const schema = schemaForKind(apiVersionOf(type), type.kind);
  const stored =
    manager === undefined
      ? object
      : recordUpdate(previous, object, manager, schema, now());
  // A no-op write keeps its resourceVersion, so watchers see no event.
  if (previous && sameExceptResourceVersion(stored, previous))
    return send(call, 200, previous);
  if (dryRun(call)) return send(call, previous ? 200 : 201, stored);
  const [written] = await objects.write([
    {
      group: type.group,
      resource: type.resource,
      namespace: stored.metadata.namespace,
      name: stored.metadata.name,
      object: stored,
    },
    // The ServiceAccount controller's part: every new namespace gets `default`.
    ...(type.kind === 'Namespace' && !previous
      ? [defaultServiceAccountWrite(stored.metadata.name)]
      : []),
  ]);
  if (type.kind === 'ClusterRole')
    await cluster.controllers.reconcileAggregation();
  return send(
    call,
    previous ? 200 : 201,
    objects.get(
      typeKey(type),
      stored.metadata.namespace,
      stored.metadata.name,
    ) ?? written,
  );
}

function sameExceptResourceVersion(a: KubeObject, b: KubeObject) {
  const withoutRv = (o: KubeObject) =>
    JSON.stringify({
      ...o,
      metadata: { ...o.metadata, resourceVersion: undefined },
    });
  return withoutRv(a) === withoutRv(b);
}

function defaultServiceAccountWrite(namespace: string) {
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: 'default',
      namespace,
      uid: randomUUID(),
      creationTimestamp: now(),
    },
  };
  return {
    group: '',
    resource: 'serviceaccounts',
    namespace,
    name: 'default',
    object,
  };
}
