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
 * The people lists of the last views asked for, so that paging through one
 * is a slice: an entry holds while the view's grants, the membership and
 * the catalog's principals are what it was built from.
 */
export class PeopleCache {
  private readonly entries = new Map<
    string,
    { fingerprint: string; listed: Person[] }
  >();

  constructor(private readonly size = 100) {}

  listed(key: string, fingerprint: string, build: () => Person[]): Person[] {
    const hit = this.entries.get(key);
    if (hit?.fingerprint === fingerprint) return hit.listed;
    const listed = build();
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, listed });
    if (this.entries.size > this.size) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return listed;
  }
}

/** What a people list is built from, short of the membership and the directory. */
function grantsFingerprint(view: EntityAccessResponse): string {
  const grants = (list: Array<{ id: string; level: string }>) =>
    list.map(g => `${g.id}=${g.level}`).join(',');
  return [
    ...view.namespaces.map(
      ns => `${ns.cluster}/${ns.namespace}:${grants(ns.grants)}`,
    ),
    ...view.clusterGrants.map(c => `${c.cluster}:${grants(c.grants)}`),
  ].join(';');
}

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
  cache?: PeopleCache,
): EntityPeopleResponse {
  const minLevel = query.minLevel ?? 'read';
  const build = () =>
    listPeople(view, membership, directory, minLevel, query.q);
  const listed = cache
    ? cache.listed(
        `${view.entityRef}|${minLevel}|${query.q ?? ''}`,
        `${membership.version()}|${directory.version()}|${grantsFingerprint(
          view,
        )}`,
        build,
      )
    : build();
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

function listPeople(
  view: EntityAccessResponse,
  membership: GroupMembership,
  directory: PrincipalDirectory,
  minLevel: PeopleLevel,
  q: string | undefined,
): Person[] {
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

  const needle = q?.toLowerCase();
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
  return listed;
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
