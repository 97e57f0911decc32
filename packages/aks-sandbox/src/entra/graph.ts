import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { sendJson } from '../arm/http';
import type { SandboxContext } from '../context';
import { applyLatency } from '../faults';
import type {
  DirectoryGroup,
  DirectoryUser,
  SandboxState,
  ServicePrincipal,
} from '../state/types';
import { checkEntraAccessToken } from './tokens';

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
const GRAPH_METADATA = 'https://graph.microsoft.com/v1.0/$metadata';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Entity = Record<string, unknown> & { id: string };

function userEntity(u: DirectoryUser): Entity {
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: null,
    jobTitle: null,
    mail: u.userPrincipalName,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: null,
    userPrincipalName: u.userPrincipalName,
    id: u.objectId,
  };
}

function groupEntity(g: DirectoryGroup): Entity {
  return {
    id: g.objectId,
    deletedDateTime: null,
    classification: null,
    description: null,
    displayName: g.displayName,
    groupTypes: [],
    mail: null,
    mailEnabled: false,
    mailNickname: g.displayName,
    securityEnabled: true,
    visibility: null,
  };
}

function servicePrincipalEntity(sp: ServicePrincipal): Entity {
  return {
    id: sp.objectId,
    deletedDateTime: null,
    accountEnabled: true,
    appDisplayName: sp.displayName,
    appId: sp.appId,
    displayName: sp.displayName,
    servicePrincipalType: sp.managedIdentityId
      ? 'ManagedIdentity'
      : 'Application',
  };
}

type Found = { type: 'user' | 'group' | 'servicePrincipal'; entity: Entity };

function findById(state: SandboxState, id: string): Found | undefined {
  const lower = id.toLowerCase();
  const user = state.directory.users.find(
    u => u.objectId.toLowerCase() === lower,
  );
  if (user) return { type: 'user', entity: userEntity(user) };
  const group = state.directory.groups.find(
    g => g.objectId.toLowerCase() === lower,
  );
  if (group) return { type: 'group', entity: groupEntity(group) };
  const sp = state.directory.servicePrincipals.find(
    s => s.objectId.toLowerCase() === lower,
  );
  return sp
    ? { type: 'servicePrincipal', entity: servicePrincipalEntity(sp) }
    : undefined;
}

function graphError(
  status: number,
  code: string,
  message: string,
  clientRequestId: string,
) {
  return {
    status,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': randomUUID(),
          'client-request-id': clientRequestId,
        },
      },
    },
  };
}

/** `$select` applied as Graph does: only the named properties (case-insensitively), and the context names them. */
function selected(
  entity: Entity,
  select: string | null,
): { body: Record<string, unknown>; selection: string } {
  if (!select) return { body: entity, selection: '' };
  const names = select
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const body: Record<string, unknown> = {};
  for (const name of names) {
    const key = Object.keys(entity).find(
      k => k.toLowerCase() === name.toLowerCase(),
    );
    if (key) body[key] = entity[key];
  }
  return { body, selection: `(${names.join(',')})` };
}

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

async function answer(ctx: SandboxContext, req: IncomingMessage) {
  await applyLatency(ctx.faults);
  const clientRequestId = String(
    req.headers['client-request-id'] ?? randomUUID(),
  );
  const url = new URL(`${ctx.urls.graph}${req.url ?? '/'}`);
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
      .then(({ status, body }) =>
        sendJson(res, status, body, { 'request-id': randomUUID() }),
      )
      .catch(err =>
        sendJson(res, 500, {
          error: { code: 'InternalServerError', message: String(err) },
        }),
      );
  };
}
