import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  EntityAccessResponse,
  isGuid,
  parseKubernetesResource,
  Principal,
  SensitivePermissionsQuery,
  SensitivePermissionsResponse,
  WhatCanQuery,
  WhatCanResponse,
  WhoCanQuery,
  WhoCanResponse,
} from '@aks-access/plugin-aks-access-common';
import type { AccessIndex } from '../access/AccessIndex';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { GroupMembership } from '../people/GroupMembership';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import { sensitivePermissions } from './sensitivePermissions';
import { resolveIdentity, whatCan } from './whatCan';
import { NamespaceTarget, whoCan } from './whoCan';

/** What the questions are answered from: the index and the caches, as the other reads. */
export interface PermissionQueryDeps {
  registry: ClusterRegistry;
  index: AccessIndex;
  membership: GroupMembership;
  principals: PrincipalDirectory;
}

/**
 * The entity's namespaces the question is about: one (cluster and
 * namespace given), one cluster's, or all. Only the entity's own, so the
 * read permission on the entity is the permission on the answer.
 */
export function entityTargets(
  view: EntityAccessResponse,
  deps: PermissionQueryDeps,
  scope: { cluster?: string; namespace?: string } = {},
): NamespaceTarget[] {
  const chosen = view.namespaces.filter(
    n =>
      (!scope.cluster || n.cluster === scope.cluster) &&
      (!scope.namespace || n.namespace === scope.namespace),
  );
  if ((scope.cluster || scope.namespace) && !chosen.length) {
    const own = view.namespaces.map(n => `${n.cluster}/${n.namespace}`);
    throw new InputError(
      `Invalid request: namespace must be one of the entity's namespaces (${
        own.join(', ') || 'none'
      })`,
    );
  }
  return chosen.map(n => ({
    namespace: n.namespace,
    sources: {
      cluster: deps.registry.get(n.cluster),
      cache: deps.index.kubernetes(n.cluster),
      azure: deps.index.azure,
    },
  }));
}

/** GET /entities/:kind/:namespace/:name/who-can, its query parsed with whoCanQuery. */
export function entityWhoCan(
  view: EntityAccessResponse,
  deps: PermissionQueryDeps,
  q: WhoCanQuery,
): WhoCanResponse {
  return whoCan(
    view.entityRef,
    entityTargets(view, deps, q),
    {
      verb: q.verb,
      ...parseKubernetesResource(q.resource)!,
      ...(q.name ? { name: q.name } : {}),
    },
    { membership: deps.membership, directory: deps.principals },
    q,
  );
}

/** A catalog user or group (by its msgraph annotation) or an Entra object id. */
function principalOf(value: string, deps: PermissionQueryDeps): Principal {
  if (isGuid(value)) {
    const id = value.toLowerCase();
    const known = deps.principals.byId(id);
    const kind = known?.kind ?? (deps.membership.isUser(id) ? 'User' : 'Group');
    return {
      kind,
      id,
      ...(known
        ? { displayName: known.displayName, entityRef: known.entityRef }
        : {}),
    };
  }
  // user:frank and user:default/frank name the same user.
  const known = deps.principals.byRef(
    stringifyEntityRef(parseEntityRef(value)),
  );
  if (!known)
    throw new InputError(
      `Invalid request: principal: ${value} is not a catalog user or group with a graph.microsoft.com id annotation`,
    );
  return {
    kind: known.kind,
    id: known.objectId,
    displayName: known.displayName,
    entityRef: known.entityRef,
  };
}

/** GET /entities/:kind/:namespace/:name/what-can, its query parsed with whatCanQuery. */
export function entityWhatCan(
  view: EntityAccessResponse,
  deps: PermissionQueryDeps,
  q: WhatCanQuery,
): WhatCanResponse {
  const [target] = entityTargets(view, deps, q);
  return whatCan(
    target.sources,
    target.namespace,
    resolveIdentity(principalOf(q.principal, deps), deps.membership),
    deps.membership,
    deps.principals,
  );
}

/** GET /entities/:kind/:namespace/:name/sensitive-permissions, its query parsed with sensitivePermissionsQuery. */
export function entitySensitivePermissions(
  view: EntityAccessResponse,
  deps: PermissionQueryDeps,
  q: SensitivePermissionsQuery,
): SensitivePermissionsResponse {
  return sensitivePermissions(
    view.entityRef,
    entityTargets(view, deps, q),
    deps.principals,
    deps.registry.backendObjectId(),
  );
}
