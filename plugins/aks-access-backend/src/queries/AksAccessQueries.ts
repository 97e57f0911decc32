import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  aksAccessEntityReadPermission,
  AccessReviewResponse,
  ClusterSummary,
  EntityAccessResponse,
  EntityPeopleResponse,
  parseInput,
  peopleQuery,
} from '@aks-access/plugin-aks-access-common';
import type { RouterOptions } from '../service/router';
import { requirePermission } from '../permissions/requirePermission';
import { entityAccess } from '../access/entityAccess';
import { entityPeople } from '../people/entityPeople';
import { describeClusters } from '../clusters/describeClusters';
import { reviewAccess } from '../access/checkAccess';

/**
 * The read side, once for every caller: the REST routes and the actions
 * registry both come here with the caller's credentials, so a read is
 * authorized the same way whichever door it came through.
 */
export class AksAccessQueries {
  constructor(private readonly options: RouterOptions) {}

  /** Open to every signed-in caller: see the /clusters route for why. */
  clusters(): ClusterSummary[] {
    return describeClusters(this.options.registry, this.options.index);
  }

  async entityAccess(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<EntityAccessResponse> {
    const view = await this.undecoratedAccess(credentials, entityRef);
    return this.options.decorateAccess
      ? this.options.decorateAccess(view)
      : view;
  }

  async entityPeople(
    credentials: BackstageCredentials,
    entityRef: string,
    query: unknown,
  ): Promise<EntityPeopleResponse> {
    const parsed = parseInput(peopleQuery, query);
    const view = await this.undecoratedAccess(credentials, entityRef);
    return entityPeople(
      view,
      this.options.membership,
      this.options.principals,
      parsed,
    );
  }

  /** Open to every signed-in caller: see the /access-reviews route for why. */
  reviewAccess(body: unknown): Promise<AccessReviewResponse> {
    return reviewAccess(body, this.options);
  }

  private async undecoratedAccess(
    credentials: BackstageCredentials,
    ref: string,
  ): Promise<EntityAccessResponse> {
    const entityRef = stringifyEntityRef(parseEntityRef(ref));
    await requirePermission(
      this.options.permissions,
      credentials,
      aksAccessEntityReadPermission,
      entityRef,
    );
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    await this.options.principals.ready();
    return entityAccess(
      entity,
      this.options.registry,
      this.options.index,
      this.options.principals,
    );
  }
}
