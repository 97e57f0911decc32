import * as discovery from '../discovery';
import { noSuchResource } from '../errors';
import { openApiDocument, openApiIndex } from '../openapi';
import { gzipped, negotiateOpenApiV2, openApiV2 } from '../openapiV2';
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
  else if (path === '/openapi/v2')
    return serveOpenApiV2(call, cluster.state().record.kubernetesVersion);
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

/**
 * /openapi/v2 as kube-openapi serves it: JSON or protobuf by the Accept
 * header (406 when neither is acceptable), one ETag for both (a matching
 * If-None-Match gets 304), gzip when the client takes it.
 */
function serveOpenApiV2(call: Call, kubernetesVersion: string) {
  const { req, res } = call;
  const negotiated = negotiateOpenApiV2(req.headers.accept);
  res.setHeader('Vary', 'Accept, Accept-Encoding');
  if (!negotiated) {
    res.writeHead(406);
    res.end();
    return;
  }
  const doc = openApiV2(kubernetesVersion);
  const etag = `"${doc.etag}"`;
  res.setHeader('Etag', etag);
  res.setHeader('Last-Modified', doc.lastModified.toUTCString());
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.writeHead(200, {
    'Content-Type': negotiated.contentType,
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
  });
  res.end(gzip ? gzipped(doc, negotiated.format) : doc[negotiated.format]);
}
