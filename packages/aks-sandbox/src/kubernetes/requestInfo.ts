import type { IncomingMessage } from 'node:http';
import { findType, ResourceType } from './resources';

/** What a request addresses, as k8s.io/apiserver's RequestInfoFactory parses it. */
export type RequestInfo =
  | { kind: 'nonResource'; path: string }
  | {
      kind: 'resource';
      type: ResourceType | undefined;
      group: string;
      version: string;
      resource: string;
      namespace?: string;
      name?: string;
      subresource?: string;
      /** the authorization verb */
      verb: string;
    };

export function requestInfo(req: IncomingMessage, url: URL): RequestInfo {
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  let rest: string[];
  let group: string;
  let version: string;
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return { kind: 'nonResource', path: url.pathname };
  }

  let namespace: string | undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    findType(group, version, rest[2])?.namespaced
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  // GET /api/v1/namespaces/x addresses namespace x, which is also its own namespace.
  if (resource === 'namespaces' && name && group === '') namespace = name;

  const method = req.method ?? 'GET';
  const watch = ['1', 'true'].includes(url.searchParams.get('watch') ?? '');
  let verb: string;
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) verb = 'watch';
      else verb = name ? 'get' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = method.toLowerCase();
  }
  return {
    kind: 'resource',
    type: findType(group, version, resource),
    group,
    version,
    resource,
    namespace,
    name,
    subresource,
    verb,
  };
}
