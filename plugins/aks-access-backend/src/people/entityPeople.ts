import {
  comparePeopleLevels,
  EntityAccessResponse,
  EntityPeopleResponse,
  PeopleLevel,
  PeopleQuery,
  PersonAccess,
} from '@aks-access/plugin-aks-access-common';
import type { GroupMembership, GroupPath } from './GroupMembership';
import type { PrincipalDirectory } from './PrincipalDirectory';
import {
  isPeopleGrant,
  PeopleGrant,
  toAccessPath,
  usersReachedBy,
} from './accessPaths';

const DEFAULT_LIMIT = 50;

interface Reach {
  cluster: string;
  namespace: string;
  level: PeopleLevel;
  paths: Array<{ grant: PeopleGrant; via: GroupPath }>;
}

interface Person {
  id: string;
  name: string;
  upn?: string;
  highest: PeopleLevel;
  /** By `cluster/namespace`. */
  reach: Map<string, Reach>;
}

const higher = (a: PeopleLevel, b: PeopleLevel) =>
  comparePeopleLevels(a, b) >= 0 ? a : b;

/**
 * Every user who holds a level in the entity's namespaces, from the access
 * view's grants and the membership cache alone: no call upstream. Only the
 * page asked for is turned into paths with names.
 */
export function entityPeople(
  view: EntityAccessResponse,
  membership: GroupMembership,
  directory: PrincipalDirectory,
  query: PeopleQuery,
): EntityPeopleResponse {
  const clusterWide = new Map(
    view.clusterGrants.map(c => [c.cluster, c.grants]),
  );
  const people = new Map<string, Person>();
  for (const ns of view.namespaces) {
    const key = `${ns.cluster}/${ns.namespace}`;
    const grants = [...ns.grants, ...(clusterWide.get(ns.cluster) ?? [])];
    for (const grant of grants.filter(isPeopleGrant)) {
      for (const [userId, via] of usersReachedBy(
        grant,
        membership,
        directory,
      )) {
        let person = people.get(userId);
        if (!person) {
          person = {
            id: userId,
            name: '',
            highest: grant.level,
            reach: new Map(),
          };
          people.set(userId, person);
        }
        let reach = person.reach.get(key);
        if (!reach) {
          reach = {
            cluster: ns.cluster,
            namespace: ns.namespace,
            level: grant.level,
            paths: [],
          };
          person.reach.set(key, reach);
        }
        reach.paths.push({ grant, via });
        reach.level = higher(reach.level, grant.level);
        person.highest = higher(person.highest, grant.level);
      }
    }
  }

  const minLevel = query.minLevel ?? 'read';
  const needle = query.q?.toLowerCase();
  const listed: Person[] = [];
  for (const person of people.values()) {
    if (comparePeopleLevels(person.highest, minLevel) < 0) continue;
    const known = directory.byId(person.id);
    const info = membership.user(person.id);
    person.upn = info?.userPrincipalName ?? known?.email;
    person.name =
      known?.displayName ?? info?.displayName ?? person.upn ?? person.id;
    if (
      needle &&
      ![person.name, person.upn, person.id].some(s =>
        s?.toLowerCase().includes(needle),
      )
    )
      continue;
    listed.push(person);
  }
  listed.sort(
    (a, b) =>
      comparePeopleLevels(b.highest, a.highest) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );

  const offset = query.offset ?? 0;
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = listed.slice(offset, offset + limit);
  return {
    entityRef: view.entityRef,
    items: page.map(p => toPersonAccess(p, membership, directory, minLevel)),
    totalCount: listed.length,
    offset,
    limit,
    ...(offset + limit < listed.length ? { nextOffset: offset + limit } : {}),
    membership: membership.status(),
    generatedAt: new Date().toISOString(),
  };
}

function toPersonAccess(
  person: Person,
  membership: GroupMembership,
  directory: PrincipalDirectory,
  minLevel: PeopleLevel,
): PersonAccess {
  const known = directory.byId(person.id);
  return {
    user: {
      kind: 'User',
      id: person.id,
      displayName: person.name,
      ...(known ? { entityRef: known.entityRef } : {}),
      ...(person.upn ? { userPrincipalName: person.upn } : {}),
    },
    highestLevel: person.highest,
    namespaces: [...person.reach.values()]
      .filter(r => comparePeopleLevels(r.level, minLevel) >= 0)
      .map(r => ({
        cluster: r.cluster,
        namespace: r.namespace,
        level: r.level,
        paths: r.paths
          .sort((a, b) => comparePeopleLevels(b.grant.level, a.grant.level))
          .map(p => toAccessPath(p.grant, p.via, membership, directory)),
      })),
  };
}
