import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { stringifyEntityRef } from '@backstage/catalog-model';
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
  const { httpAuth, queries } = options;

  /*
   * Open to every signed-in user and service, on purpose: cluster names,
   * environments and posture are the same for everyone and hold nothing of
   * any entity, and the template pickers need them before an entity is
   * chosen. What is per entity (grants, identities) goes through
   * aks-access.entity.read on the access route.
   */
  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    sendCacheable(req, res, { items: queries.clusters() });
  });

  router.get('/entities/:kind/:namespace/:name/access', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    sendCacheable(
      req,
      res,
      await queries.entityAccess(credentials, stringifyEntityRef(req.params)),
    );
  });

  /*
   * The same read permission as the access view: the people are the
   * view's grants expanded through group membership, nothing more.
   */
  router.get('/entities/:kind/:namespace/:name/people', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    sendCacheable(
      req,
      res,
      await queries.entityPeople(
        credentials,
        stringifyEntityRef(req.params),
        req.query,
      ),
    );
  });

  /*
   * Who can, what can and sensitive permissions: the access view's read
   * permission, as they are computed from its grants and namespaces.
   */
  const questions = {
    'who-can': queries.entityWhoCan.bind(queries),
    'what-can': queries.entityWhatCan.bind(queries),
    'sensitive-permissions': queries.entitySensitivePermissions.bind(queries),
  };
  for (const [path, answer] of Object.entries(questions)) {
    router.get(`/entities/:kind/:namespace/:name/${path}`, async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      sendCacheable(
        req,
        res,
        await answer(credentials, stringifyEntityRef(req.params), req.query),
      );
    });
  }

  /* The caller's own side of the entity: ownership, approval, reach, what they may request. */
  router.get('/entities/:kind/:namespace/:name/viewer', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    sendCacheable(
      req,
      res,
      await queries.entityViewer(credentials, stringifyEntityRef(req.params)),
    );
  });

  /*
   * Check access. Open to every signed-in user, on purpose: it answers the question any
   * user can already put to the cluster for themselves (kubectl auth can-i),
   * through the backend's own SubjectAccessReview rights, and writes
   * nothing. It is not tied to an entity: a review of a namespace nobody
   * onboarded is as useful as of one that is.
   */
  router.post('/access-reviews', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await queries.checkAccess(req.body));
  });
};
