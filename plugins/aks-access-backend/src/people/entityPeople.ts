import {
  comparePeopleLevels,
  EntityAccessResponse,
  EntityPeopleResponse,
  Grant,
  GrantLevel,
  PeopleLevel,
  PeopleQuery,
  PersonAccess,
} from '@aks-access/plugin-aks-access-common';
import { grantAllowsAnything } from '../effectivePermissions/allowingGrants';
import {
  entityTargets,
  PermissionQueryDeps,
} from '../effectivePermissions/entityQuestions';
import {
  personSensitivePermissions,
  SensitiveHolding,
  sensitiveHoldings,
} from '../effectivePermissions/sensitivePermissions';
import type { NamespaceTarget } from '../effectivePermissions/whoCan';
import type { GroupMembership, GroupPath } from './GroupMembership';
import type { PrincipalDirectory } from './PrincipalDirectory';
import { isPeopleGrant, toAccessPath, usersReachedBy } from './accessPaths';

const DEFAULT_LIMIT = 50;

interface Reach {
  cluster: string;
  namespace: string;
  level: GrantLevel;
  paths: Array<{ grant: Grant; via: GroupPath }>;
}

interface Person {
  id: string;
  name: string;
  upn?: string;
  highest: GrantLevel;
  /** By `cluster/namespace`. */
  reach: Map<string, Reach>;
}

const higher = (a: GrantLevel, b: GrantLevel) =>
  comparePeopleLevels(a, b) >= 0 ? a : b;

/** Reaches `minLevel`; with none asked for, every level does, custom included. */
const atLeast = (level: GrantLevel, minLevel: PeopleLevel | undefined) =>
  !minLevel || comparePeopleLevels(level, minLevel) >= 0;

/** The roles, by name and each once, of the paths at no level. */
const customRoles = (paths: Array<{ grant: Grant }>) => [
  ...new Set(
    paths.filter(p => p.grant.level === 'custom').map(p => p.grant.role),
  ),
];

/** The people of a view, and the sensitive grants that reach them. */
interface PeopleList {
  listed: Person[];
  sensitive: SensitiveHolding[];
}

/**
 * The people lists of the last views asked for, so that paging through one
 * is a slice: an entry holds while the view's grants, the membership and
 * the catalog's principals are what it was built from.
 */
export class PeopleCache {
  private readonly entries = new Map<
    string,
    { fingerprint: string; list: PeopleList }
  >();

  constructor(private readonly size = 100) {}

  list(key: string, fingerprint: string, build: () => PeopleList): PeopleList {
    const hit = this.entries.get(key);
    if (hit?.fingerprint === fingerprint) return hit.list;
    const list = build();
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, list });
    if (this.entries.size > this.size) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return list;
  }
}

const RBAC_STORES = [
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
] as const;

/**
 * What a people list is built from, short of the membership and the
 * directory: the view's grants, and the clusters' RBAC objects, since a
 * Role's rules decide its sensitive permissions whatever its level.
 */
function grantsFingerprint(
  view: EntityAccessResponse,
  targets: NamespaceTarget[],
): string {
  const grants = (list: Array<{ id: string; level: string }>) =>
    list.map(g => `${g.id}=${g.level}`).join(',');
  const rbac = new Map(
    targets.map(({ sources }) => [
      sources.cluster.name,
      RBAC_STORES.map(r => sources.cache.store(r).version).join('.'),
    ]),
  );
  return [
    ...view.namespaces.map(
      ns => `${ns.cluster}/${ns.namespace}:${grants(ns.grants)}`,
    ),
    ...view.clusterGrants.map(c => `${c.cluster}:${grants(c.grants)}`),
    ...[...rbac].map(([cluster, versions]) => `${cluster}@${versions}`),
  ].join(';');
}

/**
 * Every user who holds a level in the entity's namespaces, or a custom role
 * that allows something there (level `custom`, listed after read), with the
 * sensitive permissions the effective-permission engine finds they hold
 * there, from the access view's grants, the index and the membership cache
 * alone: no call upstream. Only the page asked for is turned into paths with
 * names.
 */
export function entityPeople(
  view: EntityAccessResponse,
  deps: PermissionQueryDeps,
  query: PeopleQuery,
  cache?: PeopleCache,
): EntityPeopleResponse {
  const { membership, principals: directory } = deps;
  const { minLevel } = query;
  const targets = entityTargets(view, deps);
  const build = (): PeopleList => ({
    listed: listPeople(
      view,
      membership,
      directory,
      customGrantsThatAllow(targets),
      minLevel,
      query.q,
    ),
    sensitive: sensitiveHoldings(
      targets,
      { membership, directory },
      deps.registry.backendObjectId(),
    ),
  });
  const { listed, sensitive } = cache
    ? cache.list(
        `${view.entityRef}|${minLevel ?? ''}|${query.q ?? ''}`,
        `${membership.version()}|${directory.version()}|${grantsFingerprint(
          view,
          targets,
        )}`,
        build,
      )
    : build();
  const offset = query.offset ?? 0;
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = listed.slice(offset, offset + limit);
  return {
    entityRef: view.entityRef,
    items: page.map(p => ({
      ...toPersonAccess(p, membership, directory, minLevel),
      sensitivePermissions: personSensitivePermissions(p.id, sensitive),
    })),
    totalCount: listed.length,
    offset,
    limit,
    ...(offset + limit < listed.length ? { nextOffset: offset + limit } : {}),
    membership: membership.status(),
    generatedAt: new Date().toISOString(),
  };
}

/**
 * Which of the view's custom-level grants count: those whose role allows
 * something in the cluster, as the effective-permission engine reads it (a
 * Cluster User Role, or a binding to a missing Role, gives no one access).
 */
function customGrantsThatAllow(
  targets: NamespaceTarget[],
): (cluster: string, grant: Grant) => boolean {
  const sources = new Map(
    targets.map(t => [t.sources.cluster.name, t.sources]),
  );
  const answers = new Map<string, boolean>();
  return (cluster, grant) => {
    const of = sources.get(cluster);
    if (!of) return false;
    let allows = answers.get(grant.id);
    if (allows === undefined) {
      allows = grantAllowsAnything(of, grant);
      answers.set(grant.id, allows);
    }
    return allows;
  };
}

function listPeople(
  view: EntityAccessResponse,
  membership: GroupMembership,
  directory: PrincipalDirectory,
  customAllows: (cluster: string, grant: Grant) => boolean,
  minLevel: PeopleLevel | undefined,
  q: string | undefined,
): Person[] {
  const clusterWide = new Map(
    view.clusterGrants.map(c => [c.cluster, c.grants]),
  );
  const people = new Map<string, Person>();
  for (const ns of view.namespaces) {
    const key = `${ns.cluster}/${ns.namespace}`;
    const grants = [...ns.grants, ...(clusterWide.get(ns.cluster) ?? [])];
    const held = grants.filter(
      g =>
        isPeopleGrant(g) ||
        (g.level === 'custom' && customAllows(ns.cluster, g)),
    );
    for (const grant of held) {
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
    if (!atLeast(person.highest, minLevel)) continue;
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
  minLevel: PeopleLevel | undefined,
): Omit<PersonAccess, 'sensitivePermissions'> {
  const known = directory.byId(person.id);
  const reached = [...person.reach.values()].filter(r =>
    atLeast(r.level, minLevel),
  );
  return {
    user: {
      kind: 'User',
      id: person.id,
      displayName: person.name,
      ...(known ? { entityRef: known.entityRef } : {}),
      ...(person.upn ? { userPrincipalName: person.upn } : {}),
    },
    highestLevel: person.highest,
    ...(person.highest === 'custom'
      ? { customRoles: customRoles(reached.flatMap(r => r.paths)) }
      : {}),
    namespaces: reached.map(r => ({
      cluster: r.cluster,
      namespace: r.namespace,
      level: r.level,
      ...(r.level === 'custom' ? { customRoles: customRoles(r.paths) } : {}),
      paths: r.paths
        .sort((a, b) => comparePeopleLevels(b.grant.level, a.grant.level))
        .map(p => toAccessPath(p.grant, p.via, membership, directory)),
    })),
  };
}
