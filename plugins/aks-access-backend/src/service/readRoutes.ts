import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { describeClusters } from '../clusters/describeClusters';
import type { RouteModule } from './router';

/**
 * Answers with an ETag over the body (without its timestamp): a client
 * revalidates every time, and gets a 304 while nothing changed.
 */
export function sendCacheable(
  req: Request,
  res: Response,
  body: object,
  stable: unknown = body,
): void {
  const etag = `W/"${createHash('sha1').update(JSON.stringify(stable)).digest('base64url')}"`;
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  res.json(body);
}

export const readRoutes: RouteModule = (router, { registry, index, httpAuth }) => {
  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    sendCacheable(req, res, { items: describeClusters(registry, index) });
  });
};
