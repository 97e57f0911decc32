import {
  isGuid,
  PermissionRequest,
  WhoCanOther,
  WhoCanPerson,
  WhoCanResponse,
  WhoCanWorkload,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';
import type { GroupMembership, GroupPath } from '../people/GroupMembership';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import { toAccessPath } from '../people/accessPaths';
import {
  adminGroupsOf,
  AllowingGrant,
  ClusterPermissionSources,
  clusterWideGrantsAllowing,
  GrantSubject,
  namespaceGrantsAllowing,
} from './allowingGrants';

const DEFAULT_LIMIT = 50;

/** The namespaces asked about, each with its cluster's sources. */
export interface NamespaceTarget {
  sources: ClusterPermissionSources;
  namespace: string;
}

export interface PeopleContext {
  membership: GroupMembership;
  directory: PrincipalDirectory;
}

/** Where one grant lands: people (with their group paths), a ServiceAccount, or no one person. */
export type Landing =
  | { to: 'people'; users: ReadonlyMap<string, GroupPath> }
  | { to: 'serviceAccount'; namespace: string; name: string }
  | { to: 'other'; reaches: WhoCanOther['reaches'] };

const SYSTEM_GROUPS: Record<string, WhoCanOther['reaches']> = {
  'system:authenticated': 'everyone',
  'system:serviceaccounts': 'all-service-accounts',
  'system:masters': 'local-admin',
};

/** The Entra user Kubernetes knows by this user name (the UPN, exactly), if any. */
function userNamed(name: string, membership: GroupMembership) {
  const id = isGuid(name) ? name.toLowerCase() : membership.userIdByUpn(name);
  const upn = id && membership.user(id)?.userPrincipalName;
  // AKS names a user by UPN, and by object id only when there is none.
  if (!id || !membership.isUser(id)) return undefined;
  return (upn ?? id) === name ? id : undefined;
}

/** Whom a grant's subject reaches: the people of a group (nested included), one user, or no one person. */
export function landing(
  subject: GrantSubject,
  membership: GroupMembership,
): Landing {
  switch (subject.kind) {
    case 'LocalAccount':
      return { to: 'other', reaches: 'local-admin' };
    case 'ServiceAccount':
      return { to: 'serviceAccount', ...subject };
    case 'User': {
      const id = userNamed(subject.name, membership);
      return id
        ? { to: 'people', users: new Map([[id, []]]) }
        : { to: 'other', reaches: 'unresolved' };
    }
    case 'Group': {
      if (SYSTEM_GROUPS[subject.name])
        return { to: 'other', reaches: SYSTEM_GROUPS[subject.name] };
      if (subject.name.startsWith('system:serviceaccounts:'))
        return { to: 'other', reaches: 'namespace-service-accounts' };
      // RBAC compares names exactly, and AKS sends group ids in lower case.
      if (subject.name !== subject.name.toLowerCase())
        return { to: 'other', reaches: 'unresolved' };
      const users = membership.usersUnder(subject.name);
      return users.size || membership.groupName(subject.name) !== undefined
        ? { to: 'people', users }
        : { to: 'other', reaches: 'unresolved' };
    }
    case 'Azure': {
      const id = subject.objectId;
      if (membership.isUser(id))
        return { to: 'people', users: new Map([[id, []]]) };
      const users = membership.usersUnder(id);
      if (users.size || membership.groupName(id) !== undefined)
        return { to: 'people', users };
      return {
        to: 'other',
        reaches:
          subject.principalType === 'ServicePrincipal'
            ? 'application'
            : 'unresolved',
      };
    }
    default:
      return { to: 'other', reaches: 'unresolved' };
  }
}

/** A person found, before names: paths become named only for the page shown. */
interface FoundPerson {
  id: string;
  platformAdmin: boolean;
  /** By `cluster/namespace`. */
  namespaces: Map<
    string,
    {
      cluster: string;
      namespace: string;
      paths: Array<{ grant: AllowingGrant['grant']; via: GroupPath }>;
    }
  >;
}

interface Gathered {
  /** By Entra object id. */
  people: Map<string, FoundPerson>;
  workloads: Map<string, WhoCanWorkload>;
  others: Map<string, WhoCanOther>;
}

/**
 * Everyone who may make the request in each namespace, with every path, from
 * the index and the membership cache alone: no call upstream.
 */
export function gatherWhoCan(
  targets: NamespaceTarget[],
  request: PermissionRequest,
  context: PeopleContext,
): Gathered {
  const { membership, directory } = context;
  const gathered: Gathered = {
    people: new Map(),
    workloads: new Map(),
    others: new Map(),
  };
  // Cluster-wide grants are the same for every namespace of a cluster.
  const clusterWide = new Map<string, AllowingGrant[]>();
  for (const { sources, namespace } of targets) {
    const cluster = sources.cluster.name;
    let wide = clusterWide.get(cluster);
    if (!wide) {
      wide = clusterWideGrantsAllowing(sources, request, directory);
      clusterWide.set(cluster, wide);
    }
    const admins = adminGroupsOf(sources.cluster);
    const grants = [
      ...namespaceGrantsAllowing(sources, namespace, request, directory),
      ...wide,
    ];
    for (const { grant, subject } of grants) {
      const lands = landing(subject, membership);
      if (lands.to === 'people') {
        for (const [userId, via] of lands.users) {
          let person = gathered.people.get(userId);
          if (!person) {
            person = {
              id: userId,
              platformAdmin: false,
              namespaces: new Map(),
            };
            gathered.people.set(userId, person);
          }
          const key = `${cluster}/${namespace}`;
          let where = person.namespaces.get(key);
          if (!where) {
            where = { cluster, namespace, paths: [] };
            person.namespaces.set(key, where);
          }
          where.paths.push({ grant, via });
          if (
            grant.principal.kind === 'Group' &&
            admins.has(grant.principal.id.toLowerCase())
          )
            person.platformAdmin = true;
        }
      } else if (lands.to === 'serviceAccount') {
        const key = `${cluster}/${namespace}/${lands.namespace}/${lands.name}`;
        let workload = gathered.workloads.get(key);
        if (!workload) {
          const sa = sources.cache
            .store('serviceaccounts')
            .get(lands.name, lands.namespace);
          const clientId =
            sa?.metadata?.annotations?.[WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION];
          workload = {
            cluster,
            namespace,
            serviceAccount: grant.principal,
            ...(clientId ? { clientId } : {}),
            paths: [],
          };
          gathered.workloads.set(key, workload);
        }
        workload.paths.push(toAccessPath(grant, [], membership, directory));
      } else {
        const key = `${cluster}/${namespace}/${grant.principal.kind}/${grant.principal.id}`;
        let other = gathered.others.get(key);
        if (!other) {
          other = {
            cluster,
            namespace,
            principal: grant.principal,
            reaches: lands.reaches,
            paths: [],
          };
          gathered.others.set(key, other);
        }
        other.paths.push(toAccessPath(grant, [], membership, directory));
      }
    }
  }
  return gathered;
}

/**
 * GET …/who-can: the people (a page of them), ServiceAccounts and other
 * principals that may make the request in the namespaces asked about.
 */
export function whoCan(
  entityRef: string,
  targets: NamespaceTarget[],
  request: PermissionRequest,
  context: PeopleContext,
  page: { offset?: number; limit?: number } = {},
): WhoCanResponse {
  const { membership, directory } = context;
  const gathered = gatherWhoCan(targets, request, context);
  const people = [...gathered.people.values()].map(found => {
    const known = directory.byId(found.id);
    const info = membership.user(found.id);
    const upn = info?.userPrincipalName ?? known?.email;
    const name = known?.displayName ?? info?.displayName ?? upn ?? found.id;
    return { found, known, upn, name, sortKey: name.toLowerCase() };
  });
  // Platform admins last: they hold everything by design.
  people.sort(
    (a, b) =>
      Number(a.found.platformAdmin) - Number(b.found.platformAdmin) ||
      Number(a.sortKey > b.sortKey) - Number(a.sortKey < b.sortKey) ||
      (a.found.id < b.found.id ? -1 : 1),
  );
  const offset = page.offset ?? 0;
  const limit = page.limit ?? DEFAULT_LIMIT;
  return {
    entityRef,
    verb: request.verb,
    resource: request.subresource
      ? `${request.resource}/${request.subresource}`
      : request.resource,
    apiGroup: request.apiGroup,
    namespaces: targets.map(t => ({
      cluster: t.sources.cluster.name,
      namespace: t.namespace,
    })),
    people: people.slice(offset, offset + limit).map(
      ({ found, known, upn, name }): WhoCanPerson => ({
        user: {
          kind: 'User',
          id: found.id,
          displayName: name,
          ...(known ? { entityRef: known.entityRef } : {}),
          ...(upn ? { userPrincipalName: upn } : {}),
        },
        platformAdmin: found.platformAdmin,
        namespaces: [...found.namespaces.values()].map(n => ({
          cluster: n.cluster,
          namespace: n.namespace,
          paths: n.paths.map(p =>
            toAccessPath(p.grant, p.via, membership, directory),
          ),
        })),
      }),
    ),
    totalPeople: people.length,
    offset,
    limit,
    ...(offset + limit < people.length ? { nextOffset: offset + limit } : {}),
    workloadIdentities: [...gathered.workloads.values()],
    others: [...gathered.others.values()],
    membership: membership.status(),
    generatedAt: new Date().toISOString(),
  };
}
