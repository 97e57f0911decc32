import {
  decodeJwt,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import type { SandboxContext } from '../context';
import type { ClusterState } from '../state/types';
import { entraError, type EntraError } from './errors';
import { signingKeyFromPem } from './keys';

/** The cluster whose OIDC issuer URL is `issuer`, exactly as Entra compares it. */
export function clusterByIssuer(
  ctx: SandboxContext,
  issuer: string,
): ClusterState | undefined {
  return Object.entries(ctx.store.state.clusters).find(
    ([key, c]) =>
      c.record.oidcIssuerProfile.enabled &&
      (c.record.oidcIssuerProfile.issuerURL === issuer ||
        ctx.urls.oidcIssuer(key) === issuer),
  )?.[1];
}

function audiencesOf(payload: JWTPayload): string[] {
  if (Array.isArray(payload.aud)) return payload.aud;
  return payload.aud ? [payload.aud] : [];
}

/**
 * Authenticates a managed identity by a federated assertion, as Entra does for
 * workload identity: the assertion's (iss, sub, aud) must match one of the
 * identity's FICs exactly, and it must verify against the issuer's keys.
 */
export async function authenticateWithAssertion(
  ctx: SandboxContext,
  clientId: string,
  assertion: string,
  correlationId: string,
): Promise<{ oid: string; appid: string } | EntraError> {
  const host = ctx.urls.authorityHost;
  const { state } = ctx.store;
  const identity = Object.values(state.identities).find(
    i => i.clientId.toLowerCase() === clientId.toLowerCase(),
  );
  const app = state.directory.apps.find(
    a => a.appId.toLowerCase() === clientId.toLowerCase(),
  );
  if (!identity && !app) {
    return entraError(
      host,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${state.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      correlationId,
    );
  }

  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    return entraError(
      host,
      400,
      'invalid_request',
      50027,
      'JWT token is invalid or malformed.',
      correlationId,
    );
  }
  const issuer = String(claims.iss ?? '');
  const subject = String(claims.sub ?? '');
  const audiences = audiencesOf(claims);
  // App registrations in the sandbox carry no FICs, so only identities can match.
  const match = identity?.federatedIdentityCredentials.find(
    f =>
      f.issuer === issuer &&
      f.subject === subject &&
      f.audiences.some(a => audiences.includes(a)),
  );
  if (!identity || !match) {
    return entraError(
      host,
      400,
      'invalid_request',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audiences.join(
        ',',
      )}'. https://docs.microsoft.com/azure/active-directory/develop/workload-identity-federation`,
      correlationId,
    );
  }

  const cluster = clusterByIssuer(ctx, issuer);
  if (!cluster) {
    return entraError(
      host,
      400,
      'invalid_request',
      50166,
      `Request to External OIDC endpoint failed.`,
      correlationId,
    );
  }
  try {
    await jwtVerify(
      assertion,
      signingKeyFromPem(cluster.signingKeyPem).publicKey,
      {
        issuer,
        algorithms: ['RS256'],
      },
    );
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) {
      const now = new Date().toISOString();
      return entraError(
        host,
        400,
        'invalid_client',
        700024,
        `Client assertion is not within its valid time range. Current time: ${now}, expiry time of assertion ${new Date(
          Number(claims.exp) * 1000,
        ).toISOString()}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
        correlationId,
      );
    }
    return entraError(
      host,
      401,
      'invalid_client',
      50013,
      'Assertion failed signature validation.',
      correlationId,
    );
  }
  return { oid: identity.principalId, appid: identity.clientId };
}
