import type {
  DirectoryGroup,
  DirectoryUser,
  SandboxState,
  ServicePrincipal,
} from '../state/types';

export type DirectoryObject =
  | { type: 'User'; objectId: string; user: DirectoryUser }
  | { type: 'Group'; objectId: string; group: DirectoryGroup }
  | {
      type: 'ServicePrincipal';
      objectId: string;
      servicePrincipal: ServicePrincipal;
    };

interface DirectoryIndex {
  users: DirectoryUser[];
  groups: DirectoryGroup[];
  servicePrincipals: ServicePrincipal[];
  membershipVersion: number;
  /** lower-cased object id → the object */
  byId: Map<string, DirectoryObject>;
  /** lower-cased member id → the groups it is a direct member of */
  parents: Map<string, string[]>;
  byUpn: Map<string, DirectoryUser>;
  byToken: Map<string, DirectoryUser>;
}

/* One sandbox per process in production, several in a test run: keyed by
 * the directory so that two worlds never share (or evict) an index. */
const indexes = new WeakMap<SandboxState['directory'], DirectoryIndex>();

/**
 * Membership writes append to the log and replace one group's member list in
 * place, so the log's length counts them; every other directory write
 * replaces a whole array. A state read back from disk is a new object.
 */
function membershipVersion(state: SandboxState): number {
  return state.directory.membershipLog?.length ?? 0;
}

/*
 * Lookups by id, UPN and token, and the reverse membership index, over a
 * directory of 50,000 users and 5,000 groups: built once per directory
 * change, so a transitive walk costs the groups it finds, not the directory.
 */
function directoryIndex(state: SandboxState): DirectoryIndex {
  const { directory } = state;
  const { users, groups, servicePrincipals } = directory;
  const version = membershipVersion(state);
  const cached = indexes.get(directory);
  if (
    cached?.users === users &&
    cached.groups === groups &&
    cached.servicePrincipals === servicePrincipals &&
    cached.membershipVersion === version
  )
    return cached;
  const byId = new Map<string, DirectoryObject>();
  const byUpn = new Map<string, DirectoryUser>();
  const byToken = new Map<string, DirectoryUser>();
  for (const user of users) {
    byId.set(user.objectId.toLowerCase(), {
      type: 'User',
      objectId: user.objectId,
      user,
    });
    byUpn.set(user.userPrincipalName.toLowerCase(), user);
    byToken.set(user.token, user);
  }
  for (const group of groups)
    byId.set(group.objectId.toLowerCase(), {
      type: 'Group',
      objectId: group.objectId,
      group,
    });
  for (const sp of servicePrincipals)
    byId.set(sp.objectId.toLowerCase(), {
      type: 'ServicePrincipal',
      objectId: sp.objectId,
      servicePrincipal: sp,
    });
  const parents = new Map<string, string[]>();
  for (const group of groups) {
    for (const member of group.members) {
      const key = member.toLowerCase();
      const of = parents.get(key);
      if (of) of.push(group.objectId);
      else parents.set(key, [group.objectId]);
    }
  }
  const index: DirectoryIndex = {
    users,
    groups,
    servicePrincipals,
    membershipVersion: version,
    byId,
    parents,
    byUpn,
    byToken,
  };
  indexes.set(directory, index);
  return index;
}

/** Looks an object id up among users, groups and service principals, any case. */
export function findDirectoryObject(
  state: SandboxState,
  objectId: string,
): DirectoryObject | undefined {
  return directoryIndex(state).byId.get(objectId.toLowerCase());
}

/** The group with the id, any case. */
export function findGroup(
  state: SandboxState,
  groupId: string,
): DirectoryGroup | undefined {
  const found = findDirectoryObject(state, groupId);
  return found?.type === 'Group' ? found.group : undefined;
}

/** The user with the user principal name, any case. */
export function findUserByUpn(
  state: SandboxState,
  upn: string,
): DirectoryUser | undefined {
  return directoryIndex(state).byUpn.get(upn.toLowerCase());
}

/** The user whose static sandbox token this is. */
export function findUserByToken(
  state: SandboxState,
  token: string,
): DirectoryUser | undefined {
  return directoryIndex(state).byToken.get(token);
}

/** The groups the object is a direct member of. */
export function directGroupsOf(
  state: SandboxState,
  objectId: string,
): string[] {
  return directoryIndex(state).parents.get(objectId.toLowerCase()) ?? [];
}

/**
 * The groups an object belongs to, nested membership included, as Entra puts
 * them in the `groups` claim, as getMemberGroups answers and as ARM's
 * assignedTo() expands them. Nearest groups first; cycles are harmless.
 */
export function transitiveGroupsOf(
  state: SandboxState,
  objectId: string,
): string[] {
  const { parents } = directoryIndex(state);
  return breadthFirst(objectId, id => parents.get(id) ?? []);
}

/** Every member of the group, nested groups' members included (and the nested groups themselves). */
export function transitiveMembersOf(
  state: SandboxState,
  groupId: string,
): string[] {
  const { byId } = directoryIndex(state);
  return breadthFirst(groupId, id => {
    const found = byId.get(id);
    return found?.type === 'Group'
      ? found.group.members.map(m => byId.get(m.toLowerCase())?.objectId ?? m)
      : [];
  });
}

function breadthFirst(
  start: string,
  next: (lowerCasedId: string) => string[],
): string[] {
  const seen = new Set([start.toLowerCase()]);
  const order: string[] = [];
  let frontier = [start.toLowerCase()];
  while (frontier.length > 0) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const found of next(id)) {
        const key = found.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        order.push(found);
        following.push(key);
      }
    }
    frontier = following;
  }
  return order;
}
