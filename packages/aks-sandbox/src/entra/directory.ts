import type { SandboxState, ServicePrincipal } from '../state/types';

export type DirectoryObject =
  | { type: 'User'; objectId: string }
  | { type: 'Group'; objectId: string }
  | {
      type: 'ServicePrincipal';
      objectId: string;
      servicePrincipal: ServicePrincipal;
    };

/** Looks an object id up among users, groups and service principals. */
export function findDirectoryObject(
  state: SandboxState,
  objectId: string,
): DirectoryObject | undefined {
  const id = objectId.toLowerCase();
  const { users, groups, servicePrincipals } = state.directory;
  if (users.some(u => u.objectId.toLowerCase() === id))
    return { type: 'User', objectId };
  if (groups.some(g => g.objectId.toLowerCase() === id))
    return { type: 'Group', objectId };
  const sp = servicePrincipals.find(s => s.objectId.toLowerCase() === id);
  return sp
    ? { type: 'ServicePrincipal', objectId, servicePrincipal: sp }
    : undefined;
}

/**
 * The groups an object belongs to, nested membership included, as Entra puts
 * them in the `groups` claim and as ARM's assignedTo() expands them.
 */
export function transitiveGroupsOf(
  state: SandboxState,
  objectId: string,
): string[] {
  const found = new Set<string>();
  let frontier = new Set([objectId.toLowerCase()]);
  while (frontier.size > 0) {
    const members = frontier;
    frontier = new Set();
    for (const group of state.directory.groups) {
      const gid = group.objectId.toLowerCase();
      if (
        !found.has(gid) &&
        group.members.some(m => members.has(m.toLowerCase()))
      ) {
        found.add(gid);
        frontier.add(gid);
      }
    }
  }
  return state.directory.groups
    .map(g => g.objectId)
    .filter(id => found.has(id.toLowerCase()));
}
