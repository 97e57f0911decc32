import type { KubeObject } from '../../state/types';
import { notFound } from '../errors';
import { listPage } from '../listing';
import { apiVersionOf, ResourceType } from '../resources';
import { parseFieldSelector, parseLabelSelector } from '../selectors';
import { toTable, wantsTable } from '../table';
import { Call, ResourceInfo, send, storageNamespace, typeKey } from './call';
import type { ClusterScope } from './scope';

export function getOrThrow(
  cluster: ClusterScope,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): KubeObject {
  const object = cluster.objects.get(typeKey(type), namespace, name);
  if (!object) throw notFound(type, name);
  return object;
}

/** The `?labelSelector` and `?fieldSelector` a list, watch or deletecollection filters by. */
export function matchers(call: Call) {
  return [
    parseLabelSelector(call.url.searchParams.get('labelSelector') ?? undefined),
    parseFieldSelector(call.url.searchParams.get('fieldSelector') ?? undefined),
  ].filter((m): m is NonNullable<typeof m> => !!m);
}

/** The Table kubectl asks for to print rows, or undefined when the client wants objects. */
function maybeTable(
  call: Call,
  type: ResourceType,
  items: KubeObject[],
  listMeta: Record<string, unknown> = {},
) {
  if (!wantsTable(call.req.headers.accept)) return undefined;
  const table = toTable(
    type.kind,
    items,
    call.url.searchParams.get('includeObject') ?? undefined,
    listMeta,
  );
  return items.length === 1 &&
    !call.url.searchParams.has('limit') &&
    !listMeta.resourceVersion
    ? {
        ...table,
        metadata: { resourceVersion: items[0].metadata.resourceVersion },
      }
    : table;
}

export function get(cluster: ClusterScope, call: Call, info: ResourceInfo) {
  const object = getOrThrow(
    cluster,
    info.type,
    storageNamespace(info),
    info.name!,
  );
  return send(call, 200, maybeTable(call, info.type, [object]) ?? object);
}

export function list(cluster: ClusterScope, call: Call, info: ResourceInfo) {
  const limit = Number(call.url.searchParams.get('limit') ?? '') || undefined;
  const page = listPage(
    cluster.objects,
    typeKey(info.type),
    storageNamespace(info),
    matchers(call),
    limit,
    call.url.searchParams.get('continue') || undefined,
  );
  const metadata = {
    resourceVersion: page.resourceVersion,
    ...(page.continue ? { continue: page.continue } : {}),
    ...(page.remainingItemCount !== undefined
      ? { remainingItemCount: page.remainingItemCount }
      : {}),
  };
  const table = maybeTable(call, info.type, page.items, metadata);
  return send(
    call,
    200,
    table ?? {
      kind: `${info.type.kind}List`,
      apiVersion: apiVersionOf(info.type),
      metadata,
      items: page.items,
    },
  );
}
