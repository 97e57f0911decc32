import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  stringifyEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  accessRequestListQuery,
  AccessRequestListResponse,
  aksAccessAuditReadPermission,
  aksAccessEntityReadPermission,
  auditListQuery,
  AuditListResponse,
  CheckAccessResponse,
  ClusterSummary,
  EntityAccessResponse,
  EntityPeopleResponse,
  EntityViewerResponse,
  fullEntityRef,
  parseInput,
  peopleQuery,
  sensitivePermissionsQuery,
  SensitivePermissionsResponse,
  whatCanQuery,
  WhatCanResponse,
  whoCanQuery,
  WhoCanResponse,
} from '@aks-access/plugin-aks-access-common';
import type { AksAccessClock } from '@aks-access/plugin-aks-access-node';
import type { AccessIndex } from '../access/AccessIndex';
import { checkAccess } from '../access/checkAccess';
import { entityAccess } from '../access/entityAccess';
import type { AuditStore } from '../audit/AuditStore';
import type { GraphDirectory } from '../azure/GraphDirectory';
import { describeClusters } from '../clusters/describeClusters';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import {
  entitySensitivePermissions,
  entityWhatCan,
  entityWhoCan,
} from '../effectivePermissions/entityQuestions';
import { entityPeople, PeopleCache } from '../people/entityPeople';
import { entityViewer } from '../people/entityViewer';
import type { GroupMembership } from '../people/GroupMembership';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import { requirePermission } from '../permissions/requirePermission';
import type { Guardrails } from '../policy/Guardrails';
import { AccessRequestStore, toApi } from '../requests/AccessRequestStore';
import { withReviews } from '../reviews/grantReviews';
import type { GrantReviewStore } from '../reviews/GrantReviewStore';

/** What the reads are answered from: the index, the caches and the stores, never the write path. */
export interface QueryDeps {
  registry: ClusterRegistry;
  index: AccessIndex;
  principals: PrincipalDirectory;
  membership: GroupMembership;
  graph: GraphDirectory;
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  guardrails: Guardrails;
  clock: AksAccessClock;
  reviews: GrantReviewStore;
  requests: AccessRequestStore;
  audit: AuditStore;
}

/**
 * The read side, once for every caller: the REST routes and the actions
 * registry both come here with the caller's credentials, so a read is
 * authorized the same way whichever door it came through.
 */
export class AksAccessQueries {
  /** Paging through one entity's people is a slice of the list built for its first page. */
  private readonly peopleCache = new PeopleCache();

  constructor(private readonly deps: QueryDeps) {}

  /** Open to every signed-in caller: see the /clusters route for why. */
  clusters(): ClusterSummary[] {
    return describeClusters(
      this.deps.registry,
      this.deps.index,
      this.deps.guardrails,
    );
  }

  async entityAccess(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<EntityAccessResponse> {
    return withReviews(
      await this.accessView(await this.readableEntity(credentials, entityRef)),
      this.deps,
    );
  }

  async entityPeople(
    credentials: BackstageCredentials,
    entityRef: string,
    query: unknown,
  ): Promise<EntityPeopleResponse> {
    const parsed = parseInput(peopleQuery, query);
    const view = await this.accessView(
      await this.readableEntity(credentials, entityRef),
    );
    return entityPeople(view, this.deps, parsed, this.peopleCache);
  }

  /*
   * Who can, what can and sensitive permissions: the same read permission
   * as the access view, whose grants and namespaces they are computed from.
   */
  async entityWhoCan(
    credentials: BackstageCredentials,
    entityRef: string,
    query: unknown,
  ): Promise<WhoCanResponse> {
    const parsed = parseInput(whoCanQuery, query);
    const entity = await this.readableEntity(credentials, entityRef);
    return entityWhoCan(await this.accessView(entity), this.deps, parsed);
  }

  async entityWhatCan(
    credentials: BackstageCredentials,
    entityRef: string,
    query: unknown,
  ): Promise<WhatCanResponse> {
    const parsed = parseInput(whatCanQuery, query);
    const entity = await this.readableEntity(credentials, entityRef);
    return entityWhatCan(await this.accessView(entity), this.deps, parsed);
  }

  async entitySensitivePermissions(
    credentials: BackstageCredentials,
    entityRef: string,
    query: unknown,
  ): Promise<SensitivePermissionsResponse> {
    const parsed = parseInput(sensitivePermissionsQuery, query);
    const entity = await this.readableEntity(credentials, entityRef);
    return entitySensitivePermissions(
      await this.accessView(entity),
      this.deps,
      parsed,
    );
  }

  /** The caller's own side of the entity: the same read permission as its access view. */
  async entityViewer(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<EntityViewerResponse> {
    if (!this.deps.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        'Only a signed-in user has a side of an entity',
      );
    }
    const entity = await this.readableEntity(credentials, entityRef);
    const owner = entity.spec?.owner;
    return entityViewer(
      await this.accessView(entity),
      typeof owner === 'string' ? fullEntityRef(owner, 'group') : undefined,
      credentials,
      this.deps,
    );
  }

  /** Open to every signed-in caller: see the /access-reviews route for why. */
  checkAccess(body: unknown): Promise<CheckAccessResponse> {
    return checkAccess(body, this.deps);
  }

  /**
   * A user's own requests (mine=true); an entity's, for whoever may read
   * its access; every request, for whoever may read the audit log.
   */
  async accessRequests(
    credentials: BackstageCredentials,
    userEntityRef: string,
    query: unknown,
  ): Promise<AccessRequestListResponse> {
    const parsed = parseInput(accessRequestListQuery, query);
    if (!parsed.mine) {
      await requirePermission(
        this.deps.permissions,
        credentials,
        parsed.entityRef
          ? aksAccessEntityReadPermission
          : aksAccessAuditReadPermission,
        parsed.entityRef ?? '',
      );
    }
    const items = await this.deps.requests.list({
      entityRef: parsed.entityRef?.toLocaleLowerCase('en-US'),
      state: parsed.state,
      requester: parsed.mine ? userEntityRef : undefined,
    });
    return { items: items.map(toApi) };
  }

  async audit(
    credentials: BackstageCredentials,
    query: unknown,
  ): Promise<AuditListResponse> {
    const parsed = parseInput(auditListQuery, query);
    await requirePermission(
      this.deps.permissions,
      credentials,
      aksAccessAuditReadPermission,
      '',
    );
    return { items: await this.deps.audit.list(parsed) };
  }

  private async readableEntity(
    credentials: BackstageCredentials,
    ref: string,
  ): Promise<Entity> {
    const entityRef = stringifyEntityRef(parseEntityRef(ref));
    await requirePermission(
      this.deps.permissions,
      credentials,
      aksAccessEntityReadPermission,
      entityRef,
    );
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    return entity;
  }

  private async accessView(entity: Entity): Promise<EntityAccessResponse> {
    await this.deps.principals.ready();
    return entityAccess(
      entity,
      this.deps.registry,
      this.deps.index,
      this.deps.principals,
    );
  }
}
