import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { aksAccessEntityReadPermission } from '@aks-access/plugin-aks-access-common';
import { entityAccess } from '../access/entityAccess';
import { describeClusters } from '../clusters/describeClusters';
import { reviewAccess } from '../kubernetes/reviewAccess';
import { requirePermission } from './requirePermission';
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
    sendCacheable(req, res, entityAccess(entity, registry, index, principals));
  });

  router.post('/access-reviews', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await reviewAccess(req.body, registry, principals));
  });
};
