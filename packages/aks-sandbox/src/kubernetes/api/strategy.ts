import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject } from '../../state/types';
import type { ResourceType } from '../resources';
import { now } from './call';

/*
 * What the registry's strategies set whatever the client sent: identity and
 * timestamps on create, and on update the fields only the server may change.
 */

/** PrepareForCreate. */
export function initialize(type: ResourceType, object: KubeObject) {
  if (!object.metadata.name && object.metadata.generateName) {
    object.metadata.name = `${object.metadata.generateName}${randomBytes(4)
      .toString('hex')
      .slice(0, 5)}`;
  }
  object.metadata.uid = randomUUID();
  object.metadata.creationTimestamp = now();
  delete object.metadata.resourceVersion;
  if (type.kind === 'Namespace') {
    object.metadata.labels = {
      ...object.metadata.labels,
      'kubernetes.io/metadata.name': object.metadata.name,
    };
    object.spec = { finalizers: ['kubernetes'], ...(object.spec as object) };
    object.status = { phase: 'Active' };
  }
}

/** PrepareForUpdate; on the status subresource, only the status changes. */
export function preserveServerFields(
  type: ResourceType,
  previous: KubeObject,
  next: KubeObject,
  statusOnly: boolean,
): KubeObject {
  if (statusOnly) return { ...previous, status: next.status };
  const result: KubeObject = {
    ...next,
    metadata: {
      ...next.metadata,
      uid: previous.metadata.uid,
      creationTimestamp: previous.metadata.creationTimestamp,
      resourceVersion: previous.metadata.resourceVersion,
      managedFields:
        next.metadata.managedFields ?? previous.metadata.managedFields,
    },
  };
  if (type.kind === 'Namespace') {
    if ('status' in previous) result.status = previous.status;
    // The namespace strategy's PrepareForUpdate: the name label is always
    // set, and finalizers only change through the finalize subresource.
    result.metadata.labels = {
      ...result.metadata.labels,
      'kubernetes.io/metadata.name': previous.metadata.name,
    };
    const kept = (previous.spec as { finalizers?: string[] } | undefined)
      ?.finalizers;
    if (kept) result.spec = { ...(result.spec as object), finalizers: kept };
  }
  return result;
}
