import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import type { SandboxContext } from '../context';
import { readBody, sendJson } from '../arm/http';
import { applyLatency } from '../faults';
import { entraError } from './errors';
import {
  clusterOpenIdConfiguration,
  instanceDiscovery,
  jwksOf,
  tenantOpenIdConfiguration,
} from './metadata';
import { exchangeToken } from './tokenEndpoint';

/**
 * The authority host: tenant metadata and token endpoint under `/{tenant}/…`,
 * instance discovery under `/common/…`, and every cluster's OIDC issuer under
 * `/oidc/{tenant}/{cluster}/…`.
 */
export function createEntraHandler(ctx: SandboxContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(ctx, req, res).catch(err => {
      if (!res.headersSent)
        sendJson(res, 500, {
          error: 'server_error',
          error_description: String(err),
        });
      else res.destroy(err);
    });
  };
}

async function handle(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
) {
  await applyLatency(ctx.faults);
  const url = new URL(`${ctx.urls.authorityHost}${req.url ?? '/'}`);
  const path = url.pathname.replace(/\/+$/, '');
  const { state } = ctx.store;
  const correlationId = String(
    req.headers['client-request-id'] ?? randomUUID(),
  );

  if (path === '/common/discovery/instance' && req.method === 'GET') {
    sendJson(res, 200, instanceDiscovery(ctx));
    return;
  }

  const oidc =
    /^\/oidc\/([^/]+)\/([^/]+)\/(\.well-known\/openid-configuration|openid\/v1\/jwks)$/.exec(
      path,
    );
  if (oidc && req.method === 'GET') {
    const cluster =
      oidc[1] === state.tenantId
        ? state.clusters[decodeURIComponent(oidc[2])]
        : undefined;
    if (!cluster?.record.oidcIssuerProfile.enabled) {
      sendJson(res, 404, undefined);
      return;
    }
    const issuer = ctx.urls.oidcIssuer(decodeURIComponent(oidc[2]));
    sendJson(
      res,
      200,
      oidc[3] === 'openid/v1/jwks'
        ? jwksOf(cluster.signingKeyPem)
        : clusterOpenIdConfiguration(issuer),
    );
    return;
  }

  const tenantRoute =
    /^\/([^/]+)(\/v2\.0\/\.well-known\/openid-configuration|\/discovery\/v2\.0\/keys|\/oauth2\/v2\.0\/token)$/.exec(
      path,
    );
  if (!tenantRoute) {
    sendJson(res, 404, undefined);
    return;
  }
  const [, tenant, endpoint] = tenantRoute;
  if (tenant.toLowerCase() !== state.tenantId.toLowerCase()) {
    const err = entraError(
      ctx.urls.authorityHost,
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      correlationId,
    );
    sendJson(res, err.status, err.body);
    return;
  }
  if (endpoint === '/oauth2/v2.0/token') {
    if (req.method !== 'POST') {
      sendJson(res, 405, undefined, { allow: 'POST' });
      return;
    }
    const result = await exchangeToken(
      ctx,
      new URLSearchParams(await readBody(req)),
      correlationId,
    );
    sendJson(res, result.status, result.body, {
      'cache-control': 'no-store, no-cache',
      pragma: 'no-cache',
    });
    return;
  }
  if (req.method !== 'GET') {
    sendJson(res, 405, undefined, { allow: 'GET' });
    return;
  }
  sendJson(
    res,
    200,
    endpoint === '/discovery/v2.0/keys'
      ? jwksOf(state.tenantSigningKeyPem)
      : tenantOpenIdConfiguration(ctx),
  );
}
