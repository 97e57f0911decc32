import type { SandboxContext } from '../context';
import type {
  DirectoryGroup,
  DirectoryUser,
  SandboxState,
} from '../state/types';
import {
  directGroupsOf,
  directoryKindOf,
  findGroup,
  transitiveGroupsOf,
  transitiveMembersOf,
} from './directory';
import {
  Entity,
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

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;
const TYPES = {
  User: 'user',
  Group: 'group',
  ServicePrincipal: 'servicePrincipal',
} as const;

export const MEMBERSHIP_ROUTE =
  /^\/v1\.0\/(groups|users|directoryObjects)\/(delta|[^/]+)(?:\/(members|transitiveMembers|memberOf|transitiveMemberOf|getMemberGroups|members\/\$ref|members\/([^/]+)\/\$ref))?$/i;

type Token = { offset: number; seq: number };

const encode = (t: Token) =>
  Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
function decode(raw: string | null): Token | undefined {
  if (raw === null) return undefined;
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Number.isInteger(t.offset) && Number.isInteger(t.seq) && t.offset >= 0)
      return t;
  } catch {
    // answered below as Graph answers a token it did not issue
  }
  return { offset: -1, seq: -1 };
}

/** Page size: `$top` for lists, `Prefer: odata.maxpagesize` for delta, as Graph takes them. */
function pageSize(url: URL, prefer: string | undefined): number | string {
  const top = url.searchParams.get('$top');
  if (top !== null) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
      return `Invalid page size specified: '${top}'. Must be between 1 and ${MAX_PAGE} inclusive.`;
    return n;
  }
  const asked = /odata\.maxpagesize=(\d+)/i.exec(prefer ?? '')?.[1];
  return asked ? Math.min(Number(asked), MAX_PAGE) : DEFAULT_PAGE;
}

function entityOf(
  state: SandboxState,
  id: string,
): (Entity & object) | undefined {
  const found = findById(state, id);
  return (
    found && {
      '@odata.type': `#microsoft.graph.${found.type}`,
      ...found.entity,
    }
  );
}

function page(
  url: URL,
  items: unknown[],
  size: number,
  offset: number,
  context: string,
  count?: number,
): GraphAnswer {
  const value = items.slice(offset, offset + size);
  const next = new URL(url);
  next.searchParams.set(
    '$skiptoken',
    encode({ offset: offset + size, seq: 0 }),
  );
  return {
    status: 200,
    body: {
      '@odata.context': `${GRAPH_METADATA}#${context}`,
      ...(count !== undefined ? { '@odata.count': count } : {}),
      ...(offset + size < items.length
        ? { '@odata.nextLink': next.toString() }
        : {}),
      value,
    },
  };
}

export async function answerMembership(
  ctx: SandboxContext,
  method: string,
  url: URL,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  clientRequestId: string,
): Promise<GraphAnswer> {
  const route = MEMBERSHIP_ROUTE.exec(url.pathname)!;
  const collection = route[1].toLowerCase();
  const id = decodeURIComponent(route[2]);
  const relation = route[3]?.toLowerCase();
  const fail = (status: number, code: string, message: string) =>
    graphError(status, code, message, clientRequestId);
  const { state } = ctx.store;
  const size = pageSize(url, headers.prefer as string | undefined);
  if (typeof size === 'string') return fail(400, 'Request_BadRequest', size);

  if (id.toLowerCase() === 'delta' && !relation) {
    if (method !== 'GET' || collection === 'directoryobjects')
      return fail(
        400,
        'Request_BadRequest',
        `Unsupported delta query on '${collection}'.`,
      );
    return delta(ctx, url, collection as 'groups' | 'users', size, fail);
  }
  if (!GUID.test(id))
    return fail(
      400,
      'Request_BadRequest',
      `Invalid object identifier '${id}'.`,
    );
  const kind = directoryKindOf(state, id);
  const wanted = { groups: 'Group', users: 'User' }[collection];
  if (!kind || (wanted && kind !== wanted))
    return fail(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );

  if (relation === 'getmembergroups') {
    if (method !== 'POST')
      return fail(
        405,
        'Request_BadRequest',
        'getMemberGroups is a POST action.',
      );
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
        "The parameter 'securityEnabledOnly' in the request payload is not a valid parameter for the function 'getMemberGroups'.",
      );
    // Every sandbox group is a security group.
    return {
      status: 200,
      body: {
        '@odata.context': `${GRAPH_METADATA}#Collection(Edm.String)`,
        value: transitiveGroupsOf(state, id),
      },
    };
  }

  if (relation === 'members/$ref' || route[4]) {
    if (kind !== 'Group')
      return fail(
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return route[4]
      ? removeMember(ctx, method, id, decodeURIComponent(route[4]), fail)
      : addMember(ctx, method, id, body, fail);
  }

  if (method !== 'GET' || !relation)
    return fail(
      400,
      'Request_BadRequest',
      `Unsupported request on '${url.pathname}'.`,
    );
  const needsCount = url.searchParams.get('$count') === 'true';
  if (needsCount && headers.consistencylevel !== 'eventual')
    return fail(
      400,
      'Request_BadRequest',
      "Count is only supported with the ConsistencyLevel header set to 'eventual'.",
    );
  const listers: Record<string, () => readonly string[]> = {
    members: () => findGroup(state, id)?.members ?? [],
    transitivemembers: () => transitiveMembersOf(state, id),
    memberof: () => directGroupsOf(state, id),
  };
  const ids = (listers[relation] ?? (() => transitiveGroupsOf(state, id)))();
  const select = url.searchParams.get('$select');
  const items = ids.flatMap(m => {
    const entity = entityOf(state, m);
    if (!entity) return [];
    const { body: picked } = selected(entity, select);
    return [{ '@odata.type': entity['@odata.type'], ...picked }];
  });
  const token = decode(url.searchParams.get('$skiptoken'));
  if (token && token.offset < 0)
    return fail(400, 'Request_BadRequest', 'The $skiptoken is not valid.');
  return page(
    url,
    items,
    size,
    token?.offset ?? 0,
    'directoryObjects',
    needsCount ? items.length : undefined,
  );
}

function delta(
  ctx: SandboxContext,
  url: URL,
  collection: 'groups' | 'users',
  size: number,
  fail: (status: number, code: string, message: string) => GraphAnswer,
): GraphAnswer {
  const { state } = ctx.store;
  const log = state.directory.membershipLog ?? [];
  const skip = decode(url.searchParams.get('$skiptoken'));
  const since = decode(url.searchParams.get('$deltatoken'));
  if (
    (skip && skip.offset < 0) ||
    (since && (since.seq < 0 || since.seq > log.length))
  )
    return fail(
      400,
      'Request_BadRequest',
      'The delta token or skip token is not valid; start a new round without one.',
    );
  const select = url.searchParams.get('$select');
  const withMembers =
    collection === 'groups' &&
    (!select || /(^|,)\s*members\s*(,|$)/i.test(select));
  // A round's pages all answer as of its first page; later changes go to the next round.
  const seq = skip?.seq ?? log.length;
  const start = skip?.offset ?? 0;
  const member = (m: string, removed = false) => ({
    '@odata.type': `#microsoft.graph.${
      TYPES[directoryKindOf(state, m) ?? 'User']
    }`,
    id: m,
    ...(removed ? { '@removed': { reason: 'deleted' } } : {}),
  });

  // A full round renders only the page it answers: the whole directory per page would be quadratic.
  let items: unknown[];
  let render = (item: any): unknown => item;
  if (collection === 'users') {
    items = since ? [] : state.directory.users;
    render = (u: DirectoryUser) => selected(userEntity(u), select).body;
  } else if (since) {
    const changed = new Map<string, Map<string, boolean>>();
    for (const change of log.slice(since.seq, seq)) {
      const members = changed.get(change.groupId) ?? new Map();
      members.set(change.memberId, change.removed);
      changed.set(change.groupId, members);
    }
    items = [...changed].map(([groupId, members]) => {
      const group = findGroup(state, groupId);
      if (!group) return { id: groupId, '@removed': { reason: 'changed' } };
      return {
        ...selected(
          groupEntity(group),
          select?.replace(/,?\s*members/i, '') || null,
        ).body,
        ...(withMembers
          ? {
              'members@delta': [...members].map(([m, removed]) =>
                member(m, removed),
              ),
            }
          : {}),
      };
    });
  } else {
    items = state.directory.groups;
    render = (g: DirectoryGroup) => ({
      ...selected(groupEntity(g), select?.replace(/,?\s*members/i, '') || null)
        .body,
      ...(withMembers
        ? { 'members@delta': g.members.map(m => member(m)) }
        : {}),
    });
  }
  const base = `${ctx.urls.graph}/v1.0/${collection}/delta`;
  const value = items.slice(start, start + size).map(render);
  const more = start + size < items.length;
  const link = new URL(base);
  link.searchParams.set(
    more ? '$skiptoken' : '$deltatoken',
    encode({ offset: more ? start + size : 0, seq }),
  );
  if (select) link.searchParams.set('$select', select);
  return {
    status: 200,
    headers:
      size !== DEFAULT_PAGE
        ? { 'Preference-Applied': `odata.maxpagesize=${size}` }
        : {},
    body: {
      '@odata.context': `${GRAPH_METADATA}#${collection}(${select ?? ''})`,
      [more ? '@odata.nextLink' : '@odata.deltaLink']: link.toString(),
      value,
    },
  };
}

async function addMember(
  ctx: SandboxContext,
  method: string,
  groupId: string,
  body: string,
  fail: (status: number, code: string, message: string) => GraphAnswer,
): Promise<GraphAnswer> {
  if (method !== 'POST')
    return fail(405, 'Request_BadRequest', 'Adding a member is a POST.');
  let ref: string | undefined;
  try {
    ref = JSON.parse(body)['@odata.id'];
  } catch {
    return fail(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
  const memberId = /\/directoryObjects\/([0-9a-f-]{36})$/i.exec(ref ?? '')?.[1];
  if (!memberId || !directoryKindOf(ctx.store.state, memberId))
    return fail(
      404,
      'Request_ResourceNotFound',
      `Resource '${
        memberId ?? ref ?? ''
      }' does not exist or one of its queried reference-property objects are not present.`,
    );
  const group = findGroup(ctx.store.state, groupId)!;
  if (group.members.some(m => m.toLowerCase() === memberId.toLowerCase()))
    return fail(
      400,
      'Request_BadRequest',
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
  await changeMembers(ctx, group.objectId, memberId, false);
  return { status: 204 };
}

async function removeMember(
  ctx: SandboxContext,
  method: string,
  groupId: string,
  memberId: string,
  fail: (status: number, code: string, message: string) => GraphAnswer,
): Promise<GraphAnswer> {
  if (method !== 'DELETE')
    return fail(405, 'Request_BadRequest', 'Removing a member is a DELETE.');
  const group = findGroup(ctx.store.state, groupId)!;
  const member = group.members.find(
    m => m.toLowerCase() === memberId.toLowerCase(),
  );
  if (!member)
    return fail(
      404,
      'Request_ResourceNotFound',
      `Resource '${memberId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  await changeMembers(ctx, group.objectId, member, true);
  return { status: 204 };
}

/** One write: the group's new member list and the delta log's entry, together. */
async function changeMembers(
  ctx: SandboxContext,
  groupId: string,
  memberId: string,
  removed: boolean,
) {
  const { directory } = ctx.store.state;
  await ctx.store.commit([
    {
      path: ['directory', 'groups'],
      value: directory.groups.map(g =>
        g.objectId === groupId
          ? {
              ...g,
              members: removed
                ? g.members.filter(m => m !== memberId)
                : [...g.members, memberId],
            }
          : g,
      ),
    },
    {
      path: ['directory', 'membershipLog'],
      value: [
        ...(directory.membershipLog ?? []),
        { groupId, memberId, removed },
      ],
    },
  ]);
}
