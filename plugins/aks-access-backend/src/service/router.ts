import express from 'express';
import Router from 'express-promise-router';
import type {
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AksAccessServices } from './createAksAccessServices';
import type { PrincipalDirectory } from '../access/PrincipalDirectory';

export interface RouterOptions extends AksAccessServices {
  logger: LoggerService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  principals: PrincipalDirectory;
}

/** A group of routes; the read path is one, the write path another. */
export type RouteModule = (
  router: express.Router,
  options: RouterOptions,
) => void;

export async function createRouter(
  options: RouterOptions,
  modules: RouteModule[] = [],
): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  for (const mount of modules) mount(router, options);
  return router;
}
