import {
  AccessPath,
  KUBERNETES_RESOURCES,
  MATRIX_VERBS,
  Principal,
  WhatCanResponse,
} from '@aks-access/plugin-aks-access-common';
import type { GroupMembership, GroupPath } from '../people/GroupMembership';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import { toAccessPath } from '../people/accessPaths';
import {
  AllowingGrant,
  ClusterPermissionSources,
  clusterWideGrantsAllowing,
  namespaceGrantsAllowing,
  reaches,
  RequestIdentity,
} from './allowingGrants';

/** A user or group as the authorizer would see it, with the path to each of its groups. */
export interface ResolvedIdentity {
  principal: Principal & { userPrincipalName?: string };
  identity: RequestIdentity;
  /** Each group the principal is in (nested included), with its path from the principal. */
  groupPaths: ReadonlyMap<string, GroupPath>;
}

/**
 * A user as AKS's authenticator names them (UPN, every group, object id),
 * or a group as any member of it stands: in it and in every group above it.
 */
export function resolveIdentity(
  principal: Principal,
  membership: GroupMembership,
): ResolvedIdentity {
  const id = principal.id.toLowerCase();
  const groupPaths = new Map(membership.groupsOf(id));
  const upn =
    principal.kind === 'User'
      ? membership.user(id)?.userPrincipalName
      : undefined;
  if (principal.kind === 'Group') groupPaths.set(id, []);
  const groups = new Set([...groupPaths.keys(), 'system:authenticated']);
  return {
    principal: { ...principal, ...(upn ? { userPrincipalName: upn } : {}) },
    identity: {
      username: principal.kind === 'User' ? upn ?? id : '',
      groups,
      azureIds: new Set([
        ...(principal.kind === 'User' ? [id] : []),
        ...groupPaths.keys(),
      ]),
    },
    groupPaths,
  };
}

/** The paths by which the identity holds grants, each through the groups that lead to it. */
function pathsFor(
  grants: AllowingGrant[],
  resolved: ResolvedIdentity,
  membership: GroupMembership,
  directory: PrincipalDirectory,
): AccessPath[] {
  return grants
    .filter(g => reaches(g.subject, resolved.identity))
    .map(g => {
      let group: string | undefined;
      if (g.subject.kind === 'Group') group = g.subject.name;
      else if (g.subject.kind === 'Azure') group = g.subject.objectId;
      const via = (group && resolved.groupPaths.get(group.toLowerCase())) || [];
      return toAccessPath(g.grant, via, membership, directory);
    });
}

/** Every row of the matrix: each resource, and each subresource that is a permission of its own. */
const MATRIX_ROWS = Object.entries(KUBERNETES_RESOURCES).flatMap(
  ([resource, { group, subresources }]) => [
    { resource, apiGroup: group, subresource: undefined as string | undefined },
    ...(subresources ?? []).map(subresource => ({
      resource,
      apiGroup: group,
      subresource,
    })),
  ],
);

/**
 * GET …/what-can: a rakkess-style matrix of what the principal may do in
 * one namespace (resources × verbs), each allowed cell with its paths.
 */
export function whatCan(
  sources: ClusterPermissionSources,
  namespace: string,
  resolved: ResolvedIdentity,
  membership: GroupMembership,
  directory: PrincipalDirectory,
): WhatCanResponse {
  const rows = MATRIX_ROWS.map(row => ({
    resource: row.subresource
      ? `${row.resource}/${row.subresource}`
      : row.resource,
    apiGroup: row.apiGroup,
    cells: MATRIX_VERBS.map(verb => {
      const request = { verb, ...row };
      const paths = pathsFor(
        [
          ...namespaceGrantsAllowing(sources, namespace, request, directory),
          ...clusterWideGrantsAllowing(sources, request, directory),
        ],
        resolved,
        membership,
        directory,
      );
      return { verb, allowed: paths.length > 0, paths };
    }),
  }));
  return {
    principal: resolved.principal,
    cluster: sources.cluster.name,
    namespace,
    verbs: MATRIX_VERBS,
    rows,
    generatedAt: new Date().toISOString(),
  };
}
