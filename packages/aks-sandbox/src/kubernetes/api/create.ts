import { alreadyExists } from '../errors';
import { checkNamespace } from './admission';
import { Call, fieldManager, parseBody, ResourceInfo, typeKey } from './call';
import { decode } from './decode';
import type { ClusterScope } from './scope';
import { initialize } from './strategy';
import { writeObject } from './write';

export async function create(
  cluster: ClusterScope,
  call: Call,
  info: ResourceInfo,
) {
  const object = decode(call, info.type, parseBody(call));
  checkNamespace(cluster, info, object);
  initialize(info.type, object);
  if (
    cluster.objects.get(
      typeKey(info.type),
      object.metadata.namespace,
      object.metadata.name,
    )
  )
    throw alreadyExists(info.type, object.metadata.name);
  return writeObject(
    cluster,
    call,
    info,
    object,
    undefined,
    fieldManager(call),
  );
}
