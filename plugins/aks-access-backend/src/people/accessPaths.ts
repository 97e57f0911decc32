import {
  AccessPath,
  Grant,
  isGuid,
  isPeopleLevel,
  PeopleLevel,
  Principal,
} from '@aks-access/plugin-aks-access-common';
import type { GroupMembership, GroupPath } from './GroupMembership';
import type { PrincipalDirectory } from './PrincipalDirectory';

/** A grant at a level people are listed by. */
export type PeopleGrant = Grant & { level: PeopleLevel };

export function isPeopleGrant(grant: Grant): grant is PeopleGrant {
  return isPeopleLevel(grant.level);
}

/** The Entra object id of a grant to a user: Kubernetes RBAC names users by UPN. */
export function grantedUserId(
  principal: Principal,
  membership: GroupMembership,
  directory: PrincipalDirectory,
): string | undefined {
  if (principal.kind !== 'User') return undefined;
  if (isGuid(principal.id)) return principal.id.toLowerCase();
  return (
    membership.userIdByUpn(principal.id) ??
    directory.byUserName(principal.id)?.objectId
  );
}

/**
 * The users a grant reaches: the user it names, or everyone in the group it
 * names, nested groups included, each with its path of groups.
 */
export function usersReachedBy(
  grant: Grant,
  membership: GroupMembership,
  directory: PrincipalDirectory,
): ReadonlyMap<string, GroupPath> {
  if (grant.principal.kind === 'Group')
    return membership.usersUnder(grant.principal.id);
  const user = grantedUserId(grant.principal, membership, directory);
  return user ? new Map([[user, []]]) : new Map();
}

/** A group as a path shows it: the catalog's name where it has one, else Graph's. */
export function groupPrincipal(
  id: string,
  membership: GroupMembership,
  directory: PrincipalDirectory,
): Principal {
  const known = directory.byId(id);
  const displayName = known?.displayName ?? membership.groupName(id);
  return {
    kind: 'Group',
    id,
    ...(displayName ? { displayName } : {}),
    ...(known ? { entityRef: known.entityRef } : {}),
  };
}

export function toAccessPath(
  grant: Grant,
  via: GroupPath,
  membership: GroupMembership,
  directory: PrincipalDirectory,
): AccessPath {
  return {
    grantId: grant.id,
    source: grant.source,
    level: grant.level,
    role: grant.role,
    scope: grant.scope,
    principal: grant.principal,
    via: via.map(id => groupPrincipal(id, membership, directory)),
    ...(grant.inheritedFrom ? { inheritedFrom: grant.inheritedFrom } : {}),
    ...(grant.expiresAt ? { expiresAt: grant.expiresAt } : {}),
  };
}
