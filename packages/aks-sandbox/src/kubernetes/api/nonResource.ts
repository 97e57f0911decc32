import * as discovery from '../discovery';
import { noSuchResource } from '../errors';
import { openApiDocument, openApiIndex } from '../openapi';
import { Call, send, sendText } from './call';
import type { ClusterScope } from './scope';

/** Paths outside /api/v1/... and /apis/...: version, health, discovery, OpenAPI. */
export function nonResource(cluster: ClusterScope, call: Call, path: string) {
  cluster.check({
    user: call.user,
    verb: (call.req.method ?? 'GET').toLowerCase(),
    resourceRequest: false,
    path,
  });
  const segments = path.split('/').filter(Boolean);
  let result: unknown;
  if (path === '/version' || path === '/version/')
    result = discovery.versionInfo(cluster.state().record.kubernetesVersion);
  else if (['/healthz', '/livez', '/readyz'].includes(path))
    return sendText(call.res, 200, 'ok');
  else if (path === '/api') result = discovery.coreVersions();
  else if (path === '/api/v1') result = discovery.resourceList('', 'v1');
  else if (path === '/apis') result = discovery.groupList();
  else if (segments[0] === 'apis' && segments.length === 2)
    result = discovery.group(segments[1]);
  else if (segments[0] === 'apis' && segments.length === 3)
    result = discovery.resourceList(segments[1], segments[2]);
  else if (path === '/openapi/v3' || path === '/openapi/v3/')
    result = openApiIndex();
  else if (segments[0] === 'openapi' && segments[1] === 'v3') {
    const doc = openApiDocument(segments.slice(2).join('/'));
    if (doc) {
      call.res.writeHead(200, {
        'Content-Type': 'application/json',
        // kubectl caches documents by hash; the hash changes when the content does.
        ...(call.url.searchParams.get('hash') === doc.hash
          ? {
              'Cache-Control': 'public, immutable',
              Expires: new Date(Date.now() + 365 * 86400_000).toUTCString(),
            }
          : {}),
        Etag: `"${doc.hash}"`,
      });
      call.res.end(doc.raw);
      return undefined;
    }
  }
  if (!result) throw noSuchResource();
  return send(call, 200, result);
}
