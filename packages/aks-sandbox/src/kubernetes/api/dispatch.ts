import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyLatency } from '../../faults';
import { authenticate } from '../authentication';
import {
  methodNotAllowed,
  noSuchResource,
  tooManyRequests,
  unauthorized,
} from '../errors';
import { requestInfo } from '../requestInfo';
import { drawServerFault } from '../serverFaults';
import { Call, readBody, ResourceInfo } from './call';
import { create } from './create';
import {
  customResourceDefinitions,
  isCustomResourceDefinitions,
} from './customResourceDefinitions';
import { deleteCollection, deleteObject } from './delete';
import { impersonate } from './impersonation';
import { nonResource } from './nonResource';
import { patchRequest } from './patchRequest';
import { get, list } from './read';
import { review } from './review';
import type { ClusterScope } from './scope';
import { tokenRequest } from './tokenRequest';
import { update } from './update';
import { watchRequest } from './watchRequest';

/** The filter chain, in the API server's order: throttling, authentication, impersonation, authorization. */
export async function handleRequest(
  cluster: ClusterScope,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const { ctx } = cluster;
  await applyLatency(ctx.faults);
  const bucket = cluster.throttle(cluster.name)?.take();
  if (bucket && !bucket.ok) throw tooManyRequests(bucket.retryAfterSeconds);
  const url = new URL(req.url ?? '/', 'https://sandbox');
  const body = await readBody(req);
  const info = requestInfo(req, url);
  // kubeErrorRate: a 503 comes before authentication, a 500 from storage after authorization.
  const fault = drawServerFault(ctx.faults, info);
  if (fault?.code === 503) throw fault;
  const authenticated = await authenticate(
    ctx,
    cluster.name,
    cluster.objects,
    req.headers.authorization,
  );
  if (!authenticated) throw unauthorized();
  const call: Call = {
    req,
    res,
    url,
    body,
    user: impersonate(cluster, req, authenticated),
    warnings: [],
  };
  if (info.kind === 'nonResource') return nonResource(cluster, call, info.path);
  if (isCustomResourceDefinitions(info))
    return customResourceDefinitions(cluster, call, info);
  if (!info.type) throw noSuchResource();
  const resource = info as ResourceInfo;
  cluster.check({
    user: call.user,
    verb: resource.verb,
    resourceRequest: true,
    namespace: resource.namespace,
    apiGroup: resource.group,
    resource: resource.resource,
    subresource: resource.subresource,
    name: resource.name,
  });
  if (fault) throw fault;
  return route(cluster, call, resource);
}

function route(cluster: ClusterScope, call: Call, info: ResourceInfo) {
  const { type } = info;
  const method = call.req.method;
  if (type.virtual) {
    if (method !== 'POST' || info.name) throw methodNotAllowed('POST', type);
    return review(cluster, call, info);
  }
  if (
    info.subresource === 'token' &&
    type.resource === 'serviceaccounts' &&
    method === 'POST'
  ) {
    return tokenRequest(cluster, call, info);
  }
  if (info.subresource && info.subresource !== 'status') throw noSuchResource();
  if (!info.name) {
    if (method === 'GET')
      return info.verb === 'watch'
        ? watchRequest(cluster, call, info)
        : list(cluster, call, info);
    if (method === 'POST') {
      if (type.namespaced && !info.namespace) throw noSuchResource();
      return create(cluster, call, info);
    }
    if (method === 'DELETE') return deleteCollection(cluster, call, info);
    throw methodNotAllowed('GET, POST', type);
  }
  switch (method) {
    case 'GET':
      return info.verb === 'watch'
        ? watchRequest(cluster, call, info)
        : get(cluster, call, info);
    case 'PUT':
      return update(cluster, call, info);
    case 'PATCH':
      return patchRequest(cluster, call, info);
    case 'DELETE':
      return deleteObject(cluster, call, info);
    default:
      throw methodNotAllowed('GET, PUT, PATCH, DELETE', type);
  }
}
