import type { SandboxState, ServicePrincipal } from '../state/types';

export type DirectoryObject =
  | { type: 'User'; objectId: string }
  | { type: 'Group'; objectId: string }
  | {
      type: 'ServicePrincipal';
      objectId: string;
      servicePrincipal: ServicePrincipal;
    };

interface DirectoryIndex {
  users: SandboxState['directory']['users'];
  groups: SandboxState['directory']['groups'];
  servicePrincipals: SandboxState['directory']['servicePrincipals'];
  kinds: Map<string, DirectoryObject['type']>;
  /** member → the groups it is a direct member of */
  parents: Map<string, string[]>;
  /** lower-cased id → the id as the directory spells it */
  spelled: Map<string, string>;
  groupsById: Map<string, SandboxState['directory']['groups'][number]>;
  usersById: Map<string, SandboxState['directory']['users'][number]>;
  servicePrincipalsById: Map<string, ServicePrincipal>;
}

let cached: DirectoryIndex | undefined;

/*
 * Lookups by id over a directory of 50,000 users and 5,000 groups. Every
 * write replaces the arrays it changes (the store commits whole values), so
 * the index is rebuilt exactly when one of them is a different array.
 */
function directoryIndex(state: SandboxState): DirectoryIndex {
  const { users, groups, servicePrincipals } = state.directory;
  if (
    cached?.users === users &&
    cached.groups === groups &&
    cached.servicePrincipals === servicePrincipals
  )
    return cached;
  const kinds = new Map<string, DirectoryObject['type']>();
  const spelled = new Map<string, string>();
  const add = (id: string, type: DirectoryObject['type']) => {
    kinds.set(id.toLowerCase(), type);
    spelled.set(id.toLowerCase(), id);
  };
  users.forEach(u => add(u.objectId, 'User'));
  groups.forEach(g => add(g.objectId, 'Group'));
  servicePrincipals.forEach(s => add(s.objectId, 'ServicePrincipal'));
  const parents = new Map<string, string[]>();
  for (const group of groups) {
    for (const member of group.members) {
      const key = member.toLowerCase();
      const of = parents.get(key);
      if (of) of.push(group.objectId);
      else parents.set(key, [group.objectId]);
    }
  }
  const byId = <T extends { objectId: string }>(items: T[]) =>
    new Map(items.map(item => [item.objectId.toLowerCase(), item]));
  const groupsById = byId(groups);
  cached = {
    users,
    groups,
    servicePrincipals,
    kinds,
    parents,
    spelled,
    groupsById,
    usersById: byId(users),
    servicePrincipalsById: byId(servicePrincipals),
  };
  return cached;
}

/** Looks an object id up among users, groups and service principals. */
export function findDirectoryObject(
  state: SandboxState,
  objectId: string,
): DirectoryObject | undefined {
  const index = directoryIndex(state);
  const type = index.kinds.get(objectId.toLowerCase());
  if (type !== 'ServicePrincipal') return type ? { type, objectId } : undefined;
  const servicePrincipal = index.servicePrincipalsById.get(
    objectId.toLowerCase(),
  )!;
  return { type, objectId, servicePrincipal };
}

/** What kind of directory object the id names, if any. */
export function directoryKindOf(
  state: SandboxState,
  objectId: string,
): DirectoryObject['type'] | undefined {
  return directoryIndex(state).kinds.get(objectId.toLowerCase());
}

/** The group with the id, any case. */
export function findGroup(state: SandboxState, groupId: string) {
  return directoryIndex(state).groupsById.get(groupId.toLowerCase());
}

/** The user with the id, any case. */
export function findUser(state: SandboxState, userId: string) {
  return directoryIndex(state).usersById.get(userId.toLowerCase());
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
 * assignedTo() expands them. Nearest groups first.
 */
export function transitiveGroupsOf(
  state: SandboxState,
  objectId: string,
): string[] {
  const { parents } = directoryIndex(state);
  const found = new Set<string>();
  const order: string[] = [];
  let frontier = [objectId.toLowerCase()];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const member of frontier) {
      for (const group of parents.get(member) ?? []) {
        const key = group.toLowerCase();
        if (found.has(key)) continue;
        found.add(key);
        order.push(group);
        next.push(key);
      }
    }
    frontier = next;
  }
  return order;
}

/** Every member of the group, nested groups' members included (and the nested groups themselves). */
export function transitiveMembersOf(
  state: SandboxState,
  groupId: string,
): string[] {
  const index = directoryIndex(state);
  const found = new Set<string>([groupId.toLowerCase()]);
  const order: string[] = [];
  let frontier = [groupId.toLowerCase()];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const member of index.groupsById.get(id)?.members ?? []) {
        const key = member.toLowerCase();
        if (found.has(key)) continue;
        found.add(key);
        order.push(index.spelled.get(key) ?? member);
        if (index.kinds.get(key) === 'Group') next.push(key);
      }
    }
    frontier = next;
  }
  return order;
}
