import express, { NextFunction, Request, Response } from 'express';
import { InputError } from '@backstage/errors';
import Router from 'express-promise-router';
import type {
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AksAccessServices } from './createAksAccessServices';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import type { GroupMembership } from '../people/GroupMembership';
import type { EntityAccessResponse } from '@aks-access/plugin-aks-access-common';

export interface RouterOptions extends AksAccessServices {
  logger: LoggerService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  principals: PrincipalDirectory;
  membership: GroupMembership;
  /** What the write path's database adds to the access view: grant reviews. */
  decorateAccess?: (
    view: EntityAccessResponse,
  ) => Promise<EntityAccessResponse>;
}

/** A group of routes; the read path is one, the write path another. */
export type RouteModule = (
  router: express.Router,
  options: RouterOptions,
) => void;

const JSON_BODY_LIMIT = '64kb';

/*
 * body-parser's own messages ("Unexpected end of JSON input", "request entity
 * too large") name no rule, and its parse errors echo the raw body back.
 */
function bodyParserErrors(
  error: { type?: string; body?: unknown; message?: string },
  _req: Request,
  _res: Response,
  next: NextFunction,
) {
  if (error?.type === 'entity.too.large') {
    next(
      Object.assign(
        new Error(
          `Invalid request: the body is larger than the ${JSON_BODY_LIMIT} limit`,
        ),
        { name: 'PayloadTooLargeError', statusCode: 413 },
      ),
    );
  } else if (error?.type === 'entity.parse.failed') {
    const raw = typeof error.body === 'string' ? error.body.trim() : '';
    next(
      new InputError(
        raw && !/^[[{]/.test(raw)
          ? 'Invalid request: the body must be a JSON object'
          : `Invalid request: the body is not valid JSON (${error.message})`,
      ),
    );
  } else {
    next(error);
  }
}

export async function createRouter(
  options: RouterOptions,
  modules: RouteModule[] = [],
): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: JSON_BODY_LIMIT }));
  router.use(bodyParserErrors);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  for (const mount of modules) mount(router, options);
  return router;
}
