import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  aksAccessAccessRequestApprovePermission,
  comparePeopleLevels,
  ENTITY_REF_ANNOTATION,
  EntityAccessResponse,
  EntityViewerResponse,
  Grant,
  NamespaceAccess,
  NamespaceRequestOption,
  PeopleLevel,
  RequestablePrincipal,
  ViewerGrantCost,
} from '@aks-access/plugin-aks-access-common';
import type { V1Namespace } from '@kubernetes/client-node';
import type { AccessIndex } from '../access/AccessIndex';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import { grantCost } from '../grants/grantCost';
import type { Guardrails } from '../policy/Guardrails';
import { grantedUserId, isPeopleGrant } from './accessPaths';
import type { GroupMembership } from './GroupMembership';
import type {
  CatalogPrincipal,
  PrincipalDirectory,
} from './PrincipalDirectory';

export interface ViewerDeps {
  registry: ClusterRegistry;
  index: AccessIndex;
  principals: PrincipalDirectory;
  membership: GroupMembership;
  permissions: PermissionsService;
  auth: AuthService;
  guardrails: Guardrails;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The highest level any grant gives the viewer, through their nested groups too. */
function reachedLevel(
  grants: Grant[],
  viewer: CatalogPrincipal | undefined,
  groups: ReadonlySet<string>,
  deps: ViewerDeps,
): PeopleLevel | undefined {
  let level: PeopleLevel | undefined;
  for (const grant of grants.filter(isPeopleGrant)) {
    const reaches =
      grant.principal.kind === 'Group'
        ? groups.has(grant.principal.id.toLowerCase())
        : !!viewer &&
          grantedUserId(grant.principal, deps.membership, deps.principals) ===
            viewer.objectId;
    if (reaches && (!level || comparePeopleLevels(grant.level, level) > 0)) {
      level = grant.level;
    }
  }
  return level;
}

function requestOption(
  ns: NamespaceAccess,
  onboarded: V1Namespace | undefined,
  forWhom: RequestablePrincipal[],
  deps: ViewerDeps,
): NamespaceRequestOption {
  if (!onboarded) {
    return {
      allowed: false,
      reason: `${ns.namespace} on ${ns.cluster} was not set up through AKS Access, so access to it cannot be requested here; ask the platform team.`,
    };
  }
  const environment =
    deps.registry.get(ns.cluster).config.environment ?? 'default';
  const levels = deps.guardrails.requestableLevels(environment);
  if (!levels.length) {
    return {
      allowed: false,
      reason: `The platform team's policy takes no access requests on ${environment} clusters.`,
    };
  }
  const kinds = deps.guardrails.principalKinds(environment);
  const principals = forWhom.filter(p => kinds.includes(p.kind));
  if (!principals.length) {
    return {
      allowed: false,
      reason: `The policy grants access only to ${kinds
        .map(k => (k === 'Group' ? 'groups' : 'users'))
        .join(
          ' and ',
        )}, and the catalog knows none of yours with an Entra object id.`,
    };
  }
  return { allowed: true, principals, levels };
}

/** Enough to choose from; a user deep in nested groups is in many. */
const MAX_COVERING_GROUPS = 5;

/**
 * Where a grant to the viewer spends role assignments, the groups that would
 * cover them with one grant all members share: the answer to Azure's fixed
 * budget per subscription is to grant to groups, and the viewer is the one
 * who knows which of theirs fits.
 */
function viewerGrantCost(
  ns: NamespaceAccess,
  onboarded: V1Namespace | undefined,
  viewer: CatalogPrincipal | undefined,
  viewerGroups: CatalogPrincipal[],
  request: NamespaceRequestOption,
  deps: ViewerDeps,
): ViewerGrantCost | undefined {
  const handle = deps.registry.get(ns.cluster);
  const kinds = deps.guardrails.principalKinds(
    handle.config.environment ?? 'default',
  );
  if (!viewer || !onboarded || !kinds.includes('User')) return undefined;
  const cost = grantCost(deps, handle, onboarded);
  if (!cost) return undefined;
  const requestable = new Set(
    (request.allowed ? request.principals : []).map(p => lower(p.entityRef)),
  );
  const groups = kinds.includes('Group')
    ? viewerGroups
        .map(g => ({
          entityRef: g.entityRef,
          displayName: g.displayName,
          assignments: cost.assignmentsFor(g.objectId),
          requestable: requestable.has(lower(g.entityRef)),
        }))
        .sort(
          (a, b) =>
            Number(b.requestable) - Number(a.requestable) ||
            a.assignments - b.assignments ||
            a.displayName.localeCompare(b.displayName),
        )
        .slice(0, MAX_COVERING_GROUPS)
    : [];
  return {
    budget: cost.budget,
    user: cost.assignmentsFor(viewer.objectId),
    groups,
  };
}

/**
 * The signed-in user's side of an entity, so the tab shows the right
 * actions without working anything out itself: whether they own it, may
 * approve its requests, how far they reach into each namespace (nested
 * Entra groups included), what they may ask for, and for whom, and what a
 * grant to them would spend of Azure's role-assignment budget.
 */
export async function entityViewer(
  view: EntityAccessResponse,
  owner: string | undefined,
  credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>,
  deps: ViewerDeps,
): Promise<EntityViewerResponse> {
  const userRef = credentials.principal.userEntityRef;
  const [decision] = await deps.permissions.authorize(
    [
      {
        permission: aksAccessAccessRequestApprovePermission,
        resourceRef: view.entityRef,
      },
    ],
    { credentials },
  );
  const viewer = deps.principals.byRef(userRef);
  const catalogGroups = (viewer?.groupObjectIds ?? [])
    .map(id => deps.principals.byId(id))
    .filter((g): g is CatalogPrincipal => !!g);
  const groups = new Set<string>(
    catalogGroups.map(g => g.objectId.toLowerCase()),
  );
  if (viewer) {
    for (const id of deps.membership.groupsOf(viewer.objectId).keys()) {
      groups.add(id.toLowerCase());
    }
  }
  // By the catalog's names: a group only Entra knows cannot be shown or asked for.
  const viewerGroups = [...groups]
    .map(id => deps.principals.byId(id))
    .filter((g): g is CatalogPrincipal => g?.kind === 'Group');
  const forWhom: RequestablePrincipal[] = [
    ...(viewer
      ? [
          {
            entityRef: viewer.entityRef,
            kind: 'User' as const,
            displayName: viewer.displayName,
          },
        ]
      : []),
    ...catalogGroups.map(g => ({
      entityRef: g.entityRef,
      kind: 'Group' as const,
      displayName: g.displayName,
    })),
  ];
  const clusterWide = new Map(
    view.clusterGrants.map(c => [c.cluster, c.grants]),
  );
  const mine = new Set([
    lower(userRef),
    ...catalogGroups.map(g => lower(g.entityRef)),
  ]);
  return {
    entityRef: view.entityRef,
    user: {
      entityRef: userRef,
      ...(viewer ? { displayName: viewer.displayName } : {}),
    },
    owner: !!owner && mine.has(lower(owner)),
    approver: decision.result === AuthorizeResult.ALLOW,
    namespaces: view.namespaces.map(ns => {
      const level = reachedLevel(
        [...ns.grants, ...(clusterWide.get(ns.cluster) ?? [])],
        viewer,
        groups,
        deps,
      );
      const object = deps.index
        .kubernetes(ns.cluster)
        .store('namespaces')
        .get(ns.namespace);
      const onboarded = object?.metadata?.annotations?.[ENTITY_REF_ANNOTATION]
        ? object
        : undefined;
      const request = requestOption(ns, onboarded, forWhom, deps);
      const cost = viewerGrantCost(
        ns,
        onboarded,
        viewer,
        viewerGroups,
        request,
        deps,
      );
      return {
        cluster: ns.cluster,
        namespace: ns.namespace,
        ...(level ? { level } : {}),
        request,
        ...(cost ? { grantCost: cost } : {}),
      };
    }),
    generatedAt: new Date().toISOString(),
  };
}
