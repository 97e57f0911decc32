import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { aksAccessEntityReadPermission } from '@aks-access/plugin-aks-access-common';
import { entityAccess } from '../queries/entityAccess';
import { describeClusters } from '../queries/describeClusters';
import { reviewAccess } from '../queries/reviewAccess';
import { requirePermission } from '../operations/requirePermission';
import type { RouteModule } from './router';

/**
 * Answers with an ETag over the body without its timestamp: clients
 * revalidate every time and get a 304 while nothing changed.
 */
function sendCacheable(req: Request, res: Response, body: object): void {
  const stable = JSON.stringify({ ...body, generatedAt: undefined });
  const etag = `W/"${createHash('sha1').update(stable).digest('base64url')}"`;
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  res.json(body);
}

export const readRoutes: RouteModule = (router, options) => {
  const { registry, index, httpAuth, permissions, catalog, principals } =
    options;

  /*
   * Open to every signed-in user and service, on purpose: cluster names,
   * environments and posture are the same for everyone and hold nothing of
   * any entity, and the template pickers need them before an entity is
   * chosen. What is per entity (grants, identities) goes through
   * aks-access.entity.read on the access route.
   */
  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    sendCacheable(req, res, { items: describeClusters(registry, index) });
  });

  router.get('/entities/:kind/:namespace/:name/access', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = stringifyEntityRef(req.params);
    await requirePermission(
      permissions,
      credentials,
      aksAccessEntityReadPermission,
      entityRef,
    );
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    await principals.ready();
    const view = entityAccess(entity, registry, index, principals);
    sendCacheable(
      req,
      res,
      options.decorateAccess ? await options.decorateAccess(view) : view,
    );
  });

  /*
   * Open to every signed-in user, on purpose: it answers the question any
   * user can already put to the cluster for themselves (kubectl auth can-i),
   * through the backend's own SubjectAccessReview rights, and writes
   * nothing. It is not tied to an entity: a review of a namespace nobody
   * onboarded is as useful as of one that is.
   */
  router.post('/access-reviews', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await reviewAccess(req.body, registry, principals));
  });
};
