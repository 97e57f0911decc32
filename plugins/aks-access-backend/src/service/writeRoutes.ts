import type { Request, Response } from 'express';
import { InputError } from '@backstage/errors';
import {
  accessRequestListQuery,
  AksAccessOperationName,
  aksAccessOperations,
  aksAccessAuditReadPermission,
  aksAccessEntityReadPermission,
  AuditListQuery,
  parseInput,
} from '@aks-access/plugin-aks-access-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { NotAllowedError } from '@backstage/errors';
import { z } from 'zod';
import { MAX_AUDIT_LIMIT } from '../audit/AuditStore';
import type { AuditStore } from '../audit/AuditStore';
import type { AksAccessOperations } from '../operations/AksAccessOperations';
import type { RouteModule } from './router';
import { toApi } from '../requests/AccessRequestStore';
import { requirePermission } from '../permissions/requirePermission';
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

const auditQuery = z
  .object({
    entityRef: z.string().max(500).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_AUDIT_LIMIT, `limit must be at most ${MAX_AUDIT_LIMIT}`)
      .optional(),
  })
  .strict();

/** The write routes of DESIGN §5 and the audit log. */
export function writeRoutes(
  operations: AksAccessOperations,
  audit: AuditStore,
): RouteModule {
  return (router, { httpAuth, permissions }) => {
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

    /*
     * A user's own requests (mine=true); an entity's, for whoever may read
     * its access; every request, for whoever may read the audit log.
     */
    router.get('/access-requests', async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const query = parseInput(accessRequestListQuery, req.query);
      const requester = actorOf(credentials);
      if (!query.mine) {
        await requirePermission(
          permissions,
          credentials,
          query.entityRef
            ? aksAccessEntityReadPermission
            : aksAccessAuditReadPermission,
          query.entityRef ?? '',
        );
      }
      const items = await operations.deps.requests.list({
        entityRef: query.entityRef?.toLocaleLowerCase('en-US'),
        state: query.state,
        requester: query.mine ? requester : undefined,
      });
      res.json({ items: items.map(toApi) });
    });

    router.get('/audit', async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const query: AuditListQuery = parseInput(auditQuery, req.query);
      const [decision] = await permissions.authorize(
        [{ permission: aksAccessAuditReadPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed: ${aksAccessAuditReadPermission.name}`,
        );
      }
      res.json({ items: await audit.list(query) });
    });
  };
}
