import { nameMismatch, notFound } from '../errors';
import { checkNamespace, checkResourceVersion } from './admission';
import { Call, fieldManager, parseBody, ResourceInfo, typeKey } from './call';
import { decode } from './decode';
import type { ClusterScope } from './scope';
import { initialize, preserveServerFields } from './strategy';
import { writeObject } from './write';

/** PUT: replaces an object, or creates it where the type allows create-on-update. */
export async function update(
  cluster: ClusterScope,
  call: Call,
  info: ResourceInfo,
) {
  const object = decode(call, info.type, parseBody(call));
  checkNamespace(cluster, info, object);
  if (object.metadata.name !== info.name) throw nameMismatch();
  const previous = cluster.objects.get(
    typeKey(info.type),
    object.metadata.namespace,
    info.name!,
  );
  if (!previous) {
    if (!info.type.allowCreateOnUpdate) throw notFound(info.type, info.name!);
    initialize(info.type, object);
    return writeObject(
      cluster,
      call,
      info,
      object,
      undefined,
      fieldManager(call),
    );
  }
  checkResourceVersion(info, object, previous);
  const next = preserveServerFields(
    info.type,
    previous,
    object,
    info.subresource === 'status',
  );
  return writeObject(cluster, call, info, next, previous, fieldManager(call));
}
