import { InputError } from '@backstage/errors';
import {
  checkAccessInput,
  CheckAccessResponse,
  parseInput,
  PEOPLE_LEVELS,
  Principal,
} from '@aks-access/plugin-aks-access-common';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { AccessIndex } from './AccessIndex';
import type { GraphDirectory } from '../azure/GraphDirectory';
import type { GroupMembership, GroupPath } from '../people/GroupMembership';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import { grantedUserId, toAccessPath } from '../people/accessPaths';
import { subjectAccessReview } from '../kubernetes/subjectAccessReview';
import { grantsIn } from './entityAccess';

/** Custom roles, which map to no level, sort last. */
const levelRank = (level: string) =>
  (PEOPLE_LEVELS as readonly string[]).indexOf(level);

export interface CheckAccessDeps {
  registry: ClusterRegistry;
  index: AccessIndex;
  principals: PrincipalDirectory;
  membership: GroupMembership;
  graph: GraphDirectory;
}

/**
 * Asks the cluster itself (SubjectAccessReview) whether a user or group may
 * do something in a namespace. The cluster's authorizer chain answers, so
 * on azure-rbac clusters Azure role assignments count too — which is why
 * Entra principals carry `extra.oid`. A user is sent with every group it is
 * in, nested ones included, as its token would carry them; the answer names
 * the grants in the namespace that reach it, and through which groups.
 */
export async function checkAccess(
  body: unknown,
  deps: CheckAccessDeps,
): Promise<CheckAccessResponse> {
  const { registry, principals, membership } = deps;
  const { cluster, namespace, principal, verb, resource, group } = parseInput(
    checkAccessInput,
    body,
  );
  const handle = registry.get(cluster);
  await principals.ready();
  const known = principal.includes(':')
    ? principals.byRef(principal)
    : principals.byId(principal);
  if (principal.includes(':') && !known) {
    throw new InputError(
      `${principal} has no graph.microsoft.com annotation in the catalog, so its Entra object id is unknown`,
    );
  }
  const objectId = known?.objectId ?? principal.toLowerCase();
  const isUser = known?.kind === 'User' || membership.isUser(objectId);
  const reaching = await groupsReaching(objectId, isUser, deps);
  const status = await subjectAccessReview(handle.kubeConfig(), {
    user: isUser
      ? known?.email ?? membership.user(objectId)?.userPrincipalName ?? objectId
      : objectId,
    groups: [...reaching.keys(), 'system:authenticated'],
    extra: { oid: [objectId] },
    resourceAttributes: { namespace, verb, resource, group: group ?? '' },
  });

  const cache = deps.index.kubernetes(cluster);
  const grants = [namespace, undefined].flatMap(
    ns => grantsIn(handle, ns, cache, deps.index, principals, registry).grants,
  );
  const paths = grants
    .flatMap(grant => {
      const reachesUser =
        isUser &&
        grantedUserId(grant.principal, membership, principals) === objectId;
      const groupPath = reaching.get(grant.principal.id.toLowerCase());
      const via = grant.principal.kind === 'Group' ? groupPath : undefined;
      const path = via ?? (reachesUser ? [] : undefined);
      return path ? [toAccessPath(grant, path, membership, principals)] : [];
    })
    .sort((a, b) => levelRank(b.level) - levelRank(a.level));
  const asked: Principal & { groupCount?: number } = {
    kind: isUser ? 'User' : known?.kind ?? 'Group',
    id: objectId,
    ...(known
      ? { displayName: known.displayName, entityRef: known.entityRef }
      : {}),
    ...(isUser ? { groupCount: reaching.size } : {}),
  };
  return {
    allowed: !!status?.allowed,
    reason:
      status?.reason ||
      status?.evaluationError ||
      (status?.allowed
        ? 'allowed'
        : 'no RBAC rule or Azure role assignment allows it'),
    principal: asked,
    paths,
  };
}

/**
 * The groups whose grants reach the principal, each with its path. For a
 * group that is itself and every group it is nested in. Without Graph's
 * membership yet, a user's groups come from Graph's getMemberGroups, which
 * knows the nesting but not the path.
 */
async function groupsReaching(
  objectId: string,
  isUser: boolean,
  { membership, graph }: CheckAccessDeps,
): Promise<ReadonlyMap<string, GroupPath>> {
  if (!isUser) {
    return new Map<string, GroupPath>([
      [objectId, [objectId]],
      ...[...membership.groupsOf(objectId)].map(
        ([g, path]): [string, GroupPath] => [g, [objectId, ...path]],
      ),
    ]);
  }
  if (membership.fromGraph()) return membership.groupsOf(objectId);
  const cached = membership.groupsOf(objectId);
  const live = await graph.memberGroups(objectId).catch(() => []);
  return new Map<string, GroupPath>([
    ...live.map((g): [string, GroupPath] => [g, [g]]),
    ...cached,
  ]);
}
