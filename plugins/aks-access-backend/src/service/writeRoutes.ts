import type { Request } from 'express';
import { InputError } from '@backstage/errors';
import {
  aksAccessAuditReadPermission,
  AuditListQuery,
} from '@aks-access/plugin-aks-access-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { NotAllowedError } from '@backstage/errors';
import { z } from 'zod';
import { MAX_AUDIT_LIMIT } from '../audit/AuditStore';
import type { AuditStore } from '../audit/AuditStore';
import type { AksAccessOperations } from '../operations/AksAccessOperations';
import { validateInput } from '../operations/validateInput';
import type { RouteModule } from './router';

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

    router.post('/namespaces', async (req, res) => {
      const who = await caller(req);
      res.json(await operations.onboardNamespace(who, body(req)));
    });
    router.delete('/namespaces/:cluster/:namespace', async (req, res) => {
      const who = await caller(req);
      res.json(await operations.offboardNamespace(who, req.params, req.query));
    });
    router.post('/grants', async (req, res) => {
      const who = await caller(req);
      res.json(await operations.grant(who, body(req)));
    });
    router.delete('/grants/:grantId', async (req, res) => {
      const who = await caller(req);
      res.json(
        await operations.revokeGrant(who, req.params.grantId, req.query),
      );
    });
    router.post('/workload-identities', async (req, res) => {
      const who = await caller(req);
      res.json(await operations.federate(who, body(req)));
    });
    router.delete(
      '/workload-identities/:cluster/:namespace/:serviceAccount',
      async (req, res) => {
        const who = await caller(req);
        res.json(
          await operations.removeWorkloadIdentity(who, req.params, req.query),
        );
      },
    );

    router.get('/audit', async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const query: AuditListQuery = validateInput(auditQuery, req.query);
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
