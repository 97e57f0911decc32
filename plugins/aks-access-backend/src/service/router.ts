import express, { NextFunction, Request, Response } from 'express';
import { InputError } from '@backstage/errors';
import Router from 'express-promise-router';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { AksAccessOperations } from '../operations/AksAccessOperations';
import type { AksAccessQueries } from '../queries/AksAccessQueries';

/** What the routes call: the reads and the one write path, nothing below them. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  queries: AksAccessQueries;
  operations: AksAccessOperations;
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
