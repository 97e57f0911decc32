import { KubeError, nameMismatch, notFound } from '../errors';
import { schemaForKind } from '../openapi';
import { jsonPatch, mergePatch, strategicMergePatch } from '../patch';
import { apiVersionOf } from '../resources';
import { checkNamespace, checkResourceVersion } from './admission';
import { apply } from './apply';
import {
  Call,
  fieldManager,
  parseBody,
  ResourceInfo,
  storageNamespace,
  typeKey,
} from './call';
import { decode } from './decode';
import type { ClusterScope } from './scope';
import { preserveServerFields } from './strategy';
import { writeObject } from './write';

export async function patchRequest(
  cluster: ClusterScope,
  call: Call,
  info: ResourceInfo,
) {
  const contentType = (call.req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  const schema = schemaForKind(apiVersionOf(info.type), info.type.kind);
  const previous = cluster.objects.get(
    typeKey(info.type),
    storageNamespace(info),
    info.name!,
  );
  if (contentType === 'application/apply-patch+yaml')
    return apply(cluster, call, info, previous, schema);
  if (!previous) throw notFound(info.type, info.name!);
  const patchBody = parseBody(call);
  const base = JSON.parse(JSON.stringify(previous));
  let patched: any;
  switch (contentType) {
    case 'application/merge-patch+json':
      patched = mergePatch(base, patchBody);
      break;
    case 'application/json-patch+json':
      patched = jsonPatch(base, patchBody);
      break;
    case 'application/strategic-merge-patch+json':
      patched = strategicMergePatch(base, patchBody, schema);
      break;
    default:
      throw new KubeError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
      );
  }
  const object = decode(call, info.type, patched);
  checkNamespace(cluster, info, object);
  if (object.metadata.name !== info.name) throw nameMismatch();
  checkResourceVersion(info, object, previous);
  return writeObject(
    cluster,
    call,
    info,
    preserveServerFields(
      info.type,
      previous,
      object,
      info.subresource === 'status',
    ),
    previous,
    fieldManager(call),
  );
}
