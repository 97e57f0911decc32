import type { Request, Response } from 'express';
import { InputError } from '@backstage/errors';
import {
  AksAccessOperationName,
  aksAccessOperations,
} from '@aks-access/plugin-aks-access-common';
import type { RouteModule } from './router';
import { actorOf } from '../operations/runOperation';

/** Keys that would reach Object.prototype if anything ever merged the body. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function refuseProtoKeys(value: unknown, path = 'body'): void {
  if (!value || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      throw new InputError(
        `Invalid request: ${path} must not contain the key "${key}"`,
      );
    }
    refuseProtoKeys((value as Record<string, unknown>)[key], `${path}.${key}`);
  }
}

/** The write routes of DESIGN §5, built from the operation table, and the reads of the requests and the audit log. */
export const writeRoutes: RouteModule = (
  router,
  { httpAuth, operations, queries },
) => {
  const caller = async (req: Request) => ({
    credentials: await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    }),
  });
  const body = (req: Request) => {
    // express.json() leaves the body empty unless the request says it is JSON.
    if (!req.is('application/json')) {
      throw new InputError(
        'Invalid request: the body must be JSON (Content-Type: application/json)',
      );
    }
    refuseProtoKeys(req.body);
    return req.body;
  };

  for (const name of Object.keys(
    aksAccessOperations,
  ) as AksAccessOperationName[]) {
    const { method, path, from } = aksAccessOperations[name];
    const verb = method === 'POST' ? 'post' : 'delete';
    router[verb](path, async (req: Request, res: Response) => {
      const who = await caller(req);
      const input = {
        body: () => body(req),
        pathAndBody: () => ({ ...body(req), ...req.params }),
        pathAndQuery: () => ({ ...req.query, ...req.params }),
      }[from]();
      res.json(await operations.run(name, who, input));
    });
  }

  /* Reads of the write side's tables, answered by the queries. */
  router.get('/access-requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await queries.accessRequests(
        credentials,
        actorOf(credentials),
        req.query,
      ),
    );
  });

  router.get('/audit', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await queries.audit(credentials, req.query));
  });
};
