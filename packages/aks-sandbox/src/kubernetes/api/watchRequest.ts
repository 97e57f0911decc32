import { apiVersionOf } from '../resources';
import { toTable, wantsTable } from '../table';
import { watch } from '../watch';
import { Call, ResourceInfo, storageNamespace, typeKey } from './call';
import { matchers } from './read';
import type { ClusterScope } from './scope';

export function watchRequest(
  cluster: ClusterScope,
  call: Call,
  info: ResourceInfo,
) {
  const selectors = matchers(call);
  if (info.name) selectors.push(o => o.metadata.name === info.name);
  cluster.openWatches.add(call.res);
  call.res.on('close', () => cluster.openWatches.delete(call.res));
  watch({
    objects: cluster.objects,
    typeKey: typeKey(info.type),
    namespace: storageNamespace(info),
    matchers: selectors,
    resourceVersion: call.url.searchParams.get('resourceVersion') ?? undefined,
    timeoutSeconds:
      Number(call.url.searchParams.get('timeoutSeconds') ?? '') || 1800,
    bookmarks: call.url.searchParams.get('allowWatchBookmarks') === 'true',
    encode: wantsTable(call.req.headers.accept)
      ? o =>
          toTable(
            info.type.kind,
            [o],
            call.url.searchParams.get('includeObject') ?? undefined,
            {},
          )
      : o => o,
    kind: info.type.kind,
    apiVersion: apiVersionOf(info.type),
    res: call.res,
  });
}
