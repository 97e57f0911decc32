import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import type { SandboxContext } from '../context';
import { applyLatency } from '../faults';
import { checkApiVersion, type ArmResourceType } from './apiVersions';
import { authenticateArmCaller } from './auth';
import { callerPermissions } from './authorization';
import { ArmError, invalidRequestContent } from './errors';
import { federatedCredentialRoutes } from './federatedCredentials';
import { readBody, sendJson } from './http';
import { identityRoutes } from './identities';
import { managedClusterRoutes } from './managedClusters';
import { managedNamespaceRoutes } from './managedNamespaces';
import {
  type ArmResponseWithHeaders,
  operationStatusRoutes,
} from './operations';
import type { ArmRequest, ArmRoute } from './request';
import { roleAssignmentRoutes } from './roleAssignments';
import { roleDefinitionRoutes } from './roleDefinitions';
import { subscriptionOf } from './scopes';
import { servedSubscriptions } from '../state/clusters';
import { createArmThrottle } from './throttling';

/** The location ARM names in NoRegisteredProviderFound: the provider's regions, or 'global' for RBAC. */
function locationFor(ctx: SandboxContext, type: ArmResourceType): string {
  if (type === 'roleAssignments' || type === 'roleDefinitions') return 'global';
  return (
    Object.values(ctx.store.state.clusters)[0]?.record.location ?? 'westeurope'
  );
}

const VERBS: Record<string, string> = {
  GET: 'read',
  PUT: 'write',
  PATCH: 'write',
  DELETE: 'delete',
  POST: 'action',
};

/** The action and scope ARM authorizes a request as: a list or a POST action over its parent, anything else over its path. */
function permissionFor(route: ArmRoute, method: string, path: string) {
  const scope =
    route.collection || method === 'POST'
      ? path.slice(0, path.lastIndexOf('/'))
      : path;
  return { action: `${route.operation}/${VERBS[method]}`, scope };
}

function matchRoute(routes: ArmRoute[], path: string) {
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match) return { route, match };
  }
  return undefined;
}

/** The management endpoint: authentication, api-version, throttling, authorization, then the resource providers. */
export function createArmHandler(ctx: SandboxContext) {
  const routes: ArmRoute[] = [
    ...federatedCredentialRoutes(ctx.faults.ficConcurrencyWindowMs),
    ...identityRoutes,
    ...roleAssignmentRoutes,
    ...roleDefinitionRoutes,
    ...managedClusterRoutes,
    ...managedNamespaceRoutes,
    ...operationStatusRoutes,
  ];
  const throttle = createArmThrottle(ctx.faults);

  return (req: IncomingMessage, res: ServerResponse): void => {
    const correlationId = String(
      req.headers['x-ms-correlation-request-id'] ??
        req.headers['x-ms-client-request-id'] ??
        randomUUID(),
    );
    const requestId = randomUUID();
    const headers: Record<string, string> = {
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': correlationId,
      'x-ms-routing-request-id': `SANDBOX:${new Date()
        .toISOString()
        .replace(/[-:.]/g, '')}:${requestId}`,
      'cache-control': 'no-cache',
    };
    const respond = async () => {
      await applyLatency(ctx.faults);
      // Concatenated, not resolved: a path like `//subscriptions/…` (an SDK given a scope with a
      // leading slash) must stay a path, not become a host.
      const url = new URL(`${ctx.urls.arm}${req.url ?? '/'}`);
      const path = decodeURIComponent(url.pathname)
        .replace(/\/{2,}/g, '/')
        .replace(/(.)\/$/, '$1');
      const method = (req.method ?? 'GET').toUpperCase();
      const caller = await authenticateArmCaller(ctx, req);

      const sub = subscriptionOf(path);
      const { state } = ctx.store;
      if (
        sub &&
        !servedSubscriptions(state).some(
          s => s.toLowerCase() === sub.toLowerCase(),
        )
      ) {
        throw new ArmError(
          404,
          'SubscriptionNotFound',
          `The subscription '${sub}' could not be found.`,
        );
      }
      const found = matchRoute(routes, path);
      if (!found) {
        throw new ArmError(
          404,
          'NotFound',
          `No HTTP resource was found that matches the request URI '${url.toString()}'.`,
        );
      }
      const apiVersion = url.searchParams.get('api-version');
      checkApiVersion(
        apiVersion,
        found.route.type,
        locationFor(ctx, found.route.type),
      );
      const handler = found.route.methods[method as keyof ArmRoute['methods']];
      if (!handler) {
        throw new ArmError(
          405,
          'MethodNotAllowed',
          `The requested resource does not support http method '${method}'.`,
        );
      }
      Object.assign(
        headers,
        throttle(sub ?? state.subscriptionId, caller.oid, method !== 'GET'),
      );

      let body: Promise<unknown> | undefined;
      const armRequest: ArmRequest = {
        ctx,
        method,
        path,
        query: url.searchParams,
        apiVersion,
        caller,
        url,
        body() {
          body ??= readBody(req).then(text => {
            if (!text.trim()) return undefined;
            try {
              return JSON.parse(text);
            } catch (e) {
              throw invalidRequestContent(
                `The request content was invalid and could not be deserialized: '${
                  (e as Error).message
                }'.`,
              );
            }
          });
          return body;
        },
      };
      // Before the provider looks: a caller without access learns nothing, not even whether the resource exists.
      // Operation-status URLs are not authorized by RBAC (see operations.ts).
      if (
        !(found.route.openAtRoot && !sub) &&
        !operationStatusRoutes.includes(found.route)
      ) {
        const { action, scope } = permissionFor(found.route, method, path);
        callerPermissions(ctx, caller).require(
          action,
          scope,
          await found.route.conditionAttributes?.(armRequest, found.match),
        );
      }
      return handler(armRequest, found.match);
    };

    respond()
      .then(result =>
        sendJson(res, result.status, result.body, {
          ...headers,
          // An accepted long-running request's Azure-AsyncOperation, Location and Retry-After.
          ...(result as ArmResponseWithHeaders).headers,
        }),
      )
      .catch(err => {
        if (err instanceof ArmError) {
          sendJson(res, err.status, err.toBody(), {
            ...headers,
            ...err.headers,
          });
        } else {
          sendJson(
            res,
            500,
            { error: { code: 'InternalServerError', message: String(err) } },
            headers,
          );
        }
      });
  };
}
