import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { readBody, sendJson } from '../arm/http';
import type { SandboxContext } from '../context';
import { applyLatency } from '../faults';
import { checkEntraAccessToken } from './tokens';
import {
  findById,
  Found,
  GRAPH_METADATA,
  graphError,
  selected,
  userEntity,
} from './graphShapes';
import {
  answerMembership,
  GraphAnswer,
  MEMBERSHIP_ROUTE,
} from './graphMembership';

/*
 * Microsoft Graph's principal lookup, the three reads a backend needs to tell
 * whether an object id names a user, a group or a service principal:
 * GET /v1.0/directoryObjects/{id}, /v1.0/users/{id-or-upn}, /v1.0/groups/{id},
 * with `$select`, answered in Graph's shapes (@odata.context, and @odata.type
 * where the type is polymorphic) and Graph's error bodies.
 */

/** `aud` of a Graph token: its identifier URI (Entra writes it with or without the slash) or its app id. */
const GRAPH_AUDIENCES = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function authenticate(
  ctx: SandboxContext,
  req: IncomingMessage,
  clientRequestId: string,
) {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token)
    return graphError(
      401,
      'InvalidAuthenticationToken',
      'Access token is empty.',
      clientRequestId,
    );
  const result = await checkEntraAccessToken(ctx, token);
  if (!result.ok && result.reason === 'expired') {
    return graphError(
      401,
      'InvalidAuthenticationToken',
      'Lifetime validation failed, the token is expired.',
      clientRequestId,
    );
  }
  if (!result.ok)
    return graphError(
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure.',
      clientRequestId,
    );
  if (!GRAPH_AUDIENCES.includes(result.claims.aud)) {
    return graphError(
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.',
      clientRequestId,
    );
  }
  // Graph would also want an app role such as Directory.Read.All in the token; the sandbox
  // consents every app of its tenant to these reads, so a valid Graph token is enough.
  return undefined;
}

async function answer(
  ctx: SandboxContext,
  req: IncomingMessage,
): Promise<GraphAnswer> {
  await applyLatency(ctx.faults);
  const clientRequestId = String(
    req.headers['client-request-id'] ?? randomUUID(),
  );
  const url = new URL(`${ctx.urls.graph}${req.url ?? '/'}`);
  const membership = MEMBERSHIP_ROUTE.exec(url.pathname);
  if (
    membership &&
    (membership[3] || membership[2].toLowerCase() === 'delta')
  ) {
    const body = await readBody(req);
    return (
      (await authenticate(ctx, req, clientRequestId)) ??
      answerMembership(
        ctx,
        req.method ?? 'GET',
        url,
        req.headers,
        body,
        clientRequestId,
      )
    );
  }
  const route = /^\/v1\.0\/(directoryObjects|users|groups)\/([^/]+)$/i.exec(
    url.pathname,
  );
  if (!route || req.method !== 'GET') {
    return graphError(
      400,
      'BadRequest',
      `Resource not found for the segment '${
        url.pathname.split('/')[2] ?? ''
      }'.`,
      clientRequestId,
    );
  }
  const unauthenticated = await authenticate(ctx, req, clientRequestId);
  if (unauthenticated) return unauthenticated;

  const collection =
    route[1].toLowerCase() === 'directoryobjects'
      ? 'directoryObjects'
      : route[1].toLowerCase();
  const id = decodeURIComponent(route[2]);
  const { state } = ctx.store;
  // Users may be addressed by UPN; every other segment must be an object id.
  const byUpn =
    collection === 'users' && !GUID.test(id)
      ? state.directory.users.find(
          u => u.userPrincipalName.toLowerCase() === id.toLowerCase(),
        )
      : undefined;
  if (!GUID.test(id) && collection !== 'users') {
    return graphError(
      400,
      'Request_BadRequest',
      `Invalid object identifier '${id}'.`,
      clientRequestId,
    );
  }
  const found = byUpn
    ? { type: 'user' as const, entity: userEntity(byUpn) }
    : findById(state, id);
  const wanted: Record<string, Found['type']> = {
    users: 'user',
    groups: 'group',
  };
  if (!found || (collection in wanted && found.type !== wanted[collection])) {
    return graphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      clientRequestId,
    );
  }
  const { body, selection } = selected(
    found.entity,
    url.searchParams.get('$select'),
  );
  return {
    status: 200,
    body: {
      '@odata.context': `${GRAPH_METADATA}#${collection}${selection}/$entity`,
      // A directory object could be any of the three: Graph says which.
      ...(collection === 'directoryObjects'
        ? { '@odata.type': `#microsoft.graph.${found.type}` }
        : {}),
      ...body,
    },
  };
}

/** The Graph endpoint, served at `urls.graph` as https://graph.microsoft.com is. */
export function createGraphHandler(ctx: SandboxContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    answer(ctx, req)
      .then(({ status, body, headers }) =>
        sendJson(res, status, body, {
          'request-id': randomUUID(),
          ...headers,
        }),
      )
      .catch(err =>
        sendJson(res, 500, {
          error: { code: 'InternalServerError', message: String(err) },
        }),
      );
  };
}
