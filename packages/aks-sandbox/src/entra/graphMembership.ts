import type { SandboxContext } from '../context';
import type { SandboxState } from '../state/types';
import {
  type DirectoryObject,
  directGroupsOf,
  findDirectoryObject,
  findGroup,
  findUserByUpn,
  transitiveGroupsOf,
  transitiveMembersOf,
} from './directory';
import {
  findById,
  GRAPH_METADATA,
  graphError,
  groupEntity,
  selected,
  userEntity,
} from './graphShapes';

/*
 * Microsoft Graph's membership reads and writes, as v1.0 answers them:
 * members / transitiveMembers of a group, memberOf / transitiveMemberOf of
 * an object, getMemberGroups, the delta queries on groups and users, and
 * adding or removing a member with $ref. Lists page with @odata.nextLink
 * ($skiptoken); a delta round ends with @odata.deltaLink ($deltatoken).
 */

export interface GraphAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Fail = (status: number, code: string, message: string) => GraphAnswer;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Graph's default page for directory lists and for the users and groups delta. */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;
const ODATA_TYPE = {
  User: 'user',
  Group: 'group',
  ServicePrincipal: 'servicePrincipal',
} as const;

/*
 * The SDKs address functions and casts by their qualified names
 * (microsoft.graph.delta); hand-written calls use the short ones.
 */
export const MEMBERSHIP_ROUTE = new RegExp(
  [
    '^/v1\\.0/(?<collection>groups|users|directoryObjects)/',
    '(?:(?:microsoft\\.graph\\.)?(?<delta>delta)',
    '|(?<id>[^/]+)/(?:',
    '(?<list>members|transitiveMembers|memberOf|transitiveMemberOf)(?:/microsoft\\.graph\\.(?<cast>user|group|servicePrincipal))?',
    '|(?:microsoft\\.graph\\.)?(?<action>getMemberGroups|getMemberObjects)',
    '|members/\\$ref',
    '|members/(?<memberId>[^/]+)/\\$ref))$',
  ].join(''),
  'i',
);

const NOT_FOUND = (id: string) =>
  `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`;

/*
 * State tokens are opaque to clients, as Graph's are: a position in a list,
 * or for delta the membership log's length when the round began (so a round's
 * later pages and the next round agree on what "since" means) and the
 * round's $select, which Graph keeps in the token rather than the link.
 */
interface ListToken {
  offset: number;
}
interface DeltaToken {
  collection: 'groups' | 'users';
  offset: number;
  /** the log's length as the round began: where the next round starts */
  seq: number;
  /** on a round of changes, the log position it reports changes since */
  since?: number;
  select: string | null;
}

const encode = (t: ListToken | DeltaToken) =>
  Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');

function decode(raw: string): Record<string, unknown> | undefined {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    return typeof t === 'object' && t !== null ? t : undefined;
  } catch {
    return undefined;
  }
}

const isCount = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0;

export async function answerMembership(
  ctx: SandboxContext,
  method: string,
  url: URL,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  clientRequestId: string,
): Promise<GraphAnswer> {
  const route = MEMBERSHIP_ROUTE.exec(url.pathname)!.groups!;
  const collection = route.collection.toLowerCase();
  const fail: Fail = (status, code, message) =>
    graphError(status, code, message, clientRequestId);
  const { state } = ctx.store;

  if (route.delta) {
    if (method !== 'GET' || collection === 'directoryobjects')
      return fail(
        400,
        'Request_BadRequest',
        `Unsupported delta query on '${route.collection}'.`,
      );
    return delta(
      ctx,
      url,
      collection as DeltaToken['collection'],
      headers.prefer,
      fail,
    );
  }

  const id = decodeURIComponent(route.id);
  const target = resolveTarget(state, collection, id);
  if (target === 'invalid')
    return fail(
      400,
      'Request_BadRequest',
      `Invalid object identifier '${id}'.`,
    );
  if (!target) return fail(404, 'Request_ResourceNotFound', NOT_FOUND(id));

  if (route.action) {
    if (method !== 'POST')
      return fail(
        405,
        'Request_BadRequest',
        `${route.action} is an action: POST it.`,
      );
    return memberGroups(state, target.objectId, body, route.action, fail);
  }
  if (route.list) {
    if (method !== 'GET')
      return fail(
        405,
        'Request_BadRequest',
        `${route.list} is read with GET; members are added and removed through members/$ref.`,
      );
    return list(state, url, headers, target, route.list, route.cast, fail);
  }
  if (target.type !== 'Group')
    return fail(404, 'Request_ResourceNotFound', NOT_FOUND(id));
  return route.memberId
    ? removeMember(
        ctx,
        method,
        target.objectId,
        decodeURIComponent(route.memberId),
        fail,
      )
    : addMember(ctx, method, target.objectId, body, fail);
}

/** The object a path names: users by id or UPN, everything else by object id only. */
function resolveTarget(
  state: SandboxState,
  collection: string,
  id: string,
): DirectoryObject | 'invalid' | undefined {
  if (!GUID.test(id)) {
    if (collection !== 'users' || !id.includes('@')) return 'invalid';
    const user = findUserByUpn(state, id);
    return user && findDirectoryObject(state, user.objectId);
  }
  const found = findDirectoryObject(state, id);
  const wanted = { groups: 'Group', users: 'User' }[collection];
  return found && (!wanted || found.type === wanted) ? found : undefined;
}

function memberGroups(
  state: SandboxState,
  objectId: string,
  body: string,
  action: string,
  fail: Fail,
): GraphAnswer {
  let parsed: { securityEnabledOnly?: unknown };
  try {
    parsed = JSON.parse(body || '{}');
  } catch {
    return fail(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
  if (typeof parsed.securityEnabledOnly !== 'boolean')
    return fail(
      400,
      'Request_BadRequest',
      `The parameter 'securityEnabledOnly' in the request payload is not a valid parameter for the function '${action}'.`,
    );
  // Every sandbox group is a security group, and it has no directory roles
  // or administrative units, so getMemberObjects answers the same.
  return {
    status: 200,
    body: {
      '@odata.context': `${GRAPH_METADATA}#Collection(Edm.String)`,
      value: transitiveGroupsOf(state, objectId),
    },
  };
}

function list(
  state: SandboxState,
  url: URL,
  headers: Record<string, string | string[] | undefined>,
  target: DirectoryObject,
  relation: string,
  cast: string | undefined,
  fail: Fail,
): GraphAnswer {
  const top = url.searchParams.get('$top');
  const size = top === null ? DEFAULT_PAGE : Number(top);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE)
    return fail(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${top}'. Must be between 1 and ${MAX_PAGE} inclusive.`,
    );
  const counted = url.searchParams.get('$count') === 'true';
  // Graph counts directory objects only in its eventually consistent index.
  if (
    counted &&
    String(headers.consistencylevel ?? '').toLowerCase() !== 'eventual'
  )
    return fail(
      400,
      'Request_BadRequest',
      '$count is not currently supported.',
    );
  const rawSkip = url.searchParams.get('$skiptoken');
  const skip = rawSkip === null ? { offset: 0 } : decode(rawSkip);
  if (!skip || !isCount(skip.offset))
    return fail(400, 'Request_BadRequest', `Invalid $skiptoken '${rawSkip}'.`);

  const byRelation: Record<string, () => string[]> = {
    members: () => (target.type === 'Group' ? target.group.members : []),
    transitivemembers: () => transitiveMembersOf(state, target.objectId),
    memberof: () => directGroupsOf(state, target.objectId),
    transitivememberof: () => transitiveGroupsOf(state, target.objectId),
  };
  const ids = byRelation[relation.toLowerCase()]().filter(
    m =>
      !cast ||
      ODATA_TYPE[
        findDirectoryObject(state, m)?.type ?? 'User'
      ].toLowerCase() === cast.toLowerCase(),
  );
  const select = url.searchParams.get('$select');
  const value = ids.slice(skip.offset, skip.offset + size).flatMap(m => {
    const found = findById(state, m);
    if (!found) return [];
    return [
      {
        '@odata.type': `#microsoft.graph.${found.type}`,
        ...selected(found.entity, select).body,
      },
    ];
  });
  const next = new URL(url);
  next.searchParams.set('$skiptoken', encode({ offset: skip.offset + size }));
  const entitySet = cast ? `${cast.toLowerCase()}s` : 'directoryObjects';
  return {
    status: 200,
    body: {
      '@odata.context': `${GRAPH_METADATA}#${entitySet}${
        select ? `(${select})` : ''
      }`,
      ...(counted ? { '@odata.count': ids.length } : {}),
      ...(skip.offset + size < ids.length
        ? { '@odata.nextLink': next.toString() }
        : {}),
      value,
    },
  };
}

function deltaPageSize(prefer: string | string[] | undefined) {
  const asked = /odata\.maxpagesize=(\d+)/i.exec(String(prefer ?? ''))?.[1];
  return asked ? Math.max(1, Math.min(Number(asked), MAX_PAGE)) : undefined;
}

function delta(
  ctx: SandboxContext,
  url: URL,
  collection: DeltaToken['collection'],
  prefer: string | string[] | undefined,
  fail: Fail,
): GraphAnswer {
  const { state } = ctx.store;
  const logLength = state.directory.membershipLog?.length ?? 0;
  const asked = deltaPageSize(prefer);
  const size = asked ?? DEFAULT_PAGE;
  const rawSkip = url.searchParams.get('$skiptoken');
  const rawDelta = url.searchParams.get('$deltatoken');

  let round: DeltaToken;
  if (rawDelta === 'latest') {
    // "Sync from now": no resources, only where the next round starts.
    round = {
      collection,
      offset: 0,
      seq: logLength,
      select: url.searchParams.get('$select'),
    };
    return deltaPage(ctx, round, [], false, asked);
  }
  const raw = rawSkip ?? rawDelta;
  if (raw === null) {
    round = {
      collection,
      offset: 0,
      seq: logLength,
      select: url.searchParams.get('$select'),
    };
  } else {
    const t = decode(raw);
    if (!t || !validDeltaToken(t, collection, logLength))
      // What Graph answers for a token it no longer (or never) knew.
      return fail(
        400,
        'syncStateNotFound',
        'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
      );
    round =
      rawSkip !== null
        ? t
        : // A delta link starts a round of what changed since its seq.
          { ...t, offset: 0, since: t.seq, seq: logLength };
  }

  const rows = deltaRows(state, round);
  const value = rows.slice(round.offset, round.offset + size).map(row => row());
  const more = round.offset + size < rows.length;
  return deltaPage(
    ctx,
    more
      ? { ...round, offset: round.offset + size }
      : { collection, offset: 0, seq: round.seq, select: round.select },
    value,
    more,
    asked,
  );
}

function validDeltaToken(
  t: Record<string, unknown>,
  collection: string,
  logLength: number,
): t is Record<string, unknown> & DeltaToken {
  return (
    t.collection === collection &&
    isCount(t.offset) &&
    isCount(t.seq) &&
    t.seq <= logLength &&
    (t.since === undefined || (isCount(t.since) && t.since <= t.seq)) &&
    (t.select === null || typeof t.select === 'string')
  );
}

function deltaPage(
  ctx: SandboxContext,
  token: DeltaToken,
  value: unknown[],
  more: boolean,
  asked: number | undefined,
): GraphAnswer {
  const link = new URL(`${ctx.urls.graph}/v1.0/${token.collection}/delta`);
  link.searchParams.set(more ? '$skiptoken' : '$deltatoken', encode(token));
  return {
    status: 200,
    headers: asked
      ? { 'Preference-Applied': `odata.maxpagesize=${asked}` }
      : {},
    body: {
      '@odata.context': `${GRAPH_METADATA}#${token.collection}${
        token.select ? `(${token.select})` : ''
      }`,
      [more ? '@odata.nextLink' : '@odata.deltaLink']: link.toString(),
      value,
    },
  };
}

/*
 * A round's rows, each built only when its page is sent: the first round
 * lists every object as it is now; a later one lists the groups the log
 * says changed since the round's `since`, each with the members added and
 * removed since (the last change to a member wins). Users have no change
 * log: nothing in the sandbox edits them after the seed.
 */
function deltaRows(
  state: SandboxState,
  round: DeltaToken,
): Array<() => Record<string, unknown>> {
  const names = (round.select ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const wantsMembers =
    names.length === 0 || names.some(n => n.toLowerCase() === 'members');
  const properties = names.filter(n => n.toLowerCase() !== 'members');
  // Graph always sends the id, and with no $select the default properties.
  const pick = (entity: Parameters<typeof selected>[0]) =>
    properties.length
      ? { id: entity.id, ...selected(entity, properties.join(',')).body }
      : entity;

  if (round.collection === 'users') {
    if (round.since !== undefined) return [];
    return state.directory.users.map(u => () => pick(userEntity(u)));
  }
  const member = (id: string, removed: boolean) => ({
    '@odata.type': `#microsoft.graph.${
      ODATA_TYPE[findDirectoryObject(state, id)?.type ?? 'User']
    }`,
    id,
    ...(removed ? { '@removed': { reason: 'deleted' } } : {}),
  });
  const groupRow = (groupId: string, members: Array<[string, boolean]>) => {
    const group = findGroup(state, groupId);
    if (!group) return { id: groupId, '@removed': { reason: 'changed' } };
    return {
      ...pick(groupEntity(group)),
      ...(wantsMembers
        ? {
            'members@delta': members.map(([id, removed]) =>
              member(id, removed),
            ),
          }
        : {}),
    };
  };
  if (round.since === undefined)
    return state.directory.groups.map(
      g => () =>
        groupRow(
          g.objectId,
          g.members.map(m => [m, false]),
        ),
    );
  const changed = new Map<string, Map<string, boolean>>();
  for (const change of (state.directory.membershipLog ?? []).slice(
    round.since,
    round.seq,
  )) {
    const members = changed.get(change.groupId) ?? new Map();
    members.set(change.memberId, change.removed);
    changed.set(change.groupId, members);
  }
  return [...changed].map(
    ([groupId, members]) =>
      () =>
        groupRow(groupId, [...members]),
  );
}

async function addMember(
  ctx: SandboxContext,
  method: string,
  groupId: string,
  body: string,
  fail: Fail,
): Promise<GraphAnswer> {
  if (method !== 'POST')
    return fail(405, 'Request_BadRequest', 'Members are added with POST.');
  let ref: unknown;
  try {
    ref = JSON.parse(body)['@odata.id'];
  } catch {
    return fail(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
  const memberId =
    typeof ref === 'string'
      ? /\/(?:directoryObjects|users|groups|servicePrincipals)\/([^/]+)$/i.exec(
          ref,
        )?.[1]
      : undefined;
  if (!memberId || !GUID.test(memberId))
    return fail(
      400,
      'Request_BadRequest',
      `Invalid URL format specified in @odata.id for members: '${String(
        ref ?? '',
      )}'.`,
    );
  const member = findDirectoryObject(ctx.store.state, memberId);
  if (!member)
    return fail(404, 'Request_ResourceNotFound', NOT_FOUND(memberId));
  const group = findGroup(ctx.store.state, groupId)!;
  if (group.members.some(m => m.toLowerCase() === memberId.toLowerCase()))
    return fail(
      400,
      'Request_BadRequest',
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
  await changeMembers(ctx, group.objectId, member.objectId, false);
  return { status: 204 };
}

async function removeMember(
  ctx: SandboxContext,
  method: string,
  groupId: string,
  memberId: string,
  fail: Fail,
): Promise<GraphAnswer> {
  if (method !== 'DELETE')
    return fail(405, 'Request_BadRequest', 'Members are removed with DELETE.');
  const group = findGroup(ctx.store.state, groupId)!;
  const member = group.members.find(
    m => m.toLowerCase() === memberId.toLowerCase(),
  );
  if (!member)
    return fail(404, 'Request_ResourceNotFound', NOT_FOUND(memberId));
  await changeMembers(ctx, group.objectId, member, true);
  return { status: 204 };
}

/*
 * One journal record: the group's new member list and the delta log's new
 * entry, each written at its own path, so a membership change on a tenant
 * of 5,000 groups journals one group and one entry, not the directory.
 */
async function changeMembers(
  ctx: SandboxContext,
  groupId: string,
  memberId: string,
  removed: boolean,
) {
  const { directory } = ctx.store.state;
  const index = directory.groups.findIndex(g => g.objectId === groupId);
  const group = directory.groups[index];
  const entry = { groupId, memberId, removed };
  const log = directory.membershipLog;
  await ctx.store.commit([
    {
      path: ['directory', 'groups', String(index), 'members'],
      value: removed
        ? group.members.filter(m => m !== memberId)
        : [...group.members, memberId],
    },
    log
      ? {
          path: ['directory', 'membershipLog', String(log.length)],
          value: entry,
        }
      : { path: ['directory', 'membershipLog'], value: [entry] },
  ]);
}
