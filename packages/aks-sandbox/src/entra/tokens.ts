import { randomUUID } from 'crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import type { SandboxContext } from '../context';
import { transitiveGroupsOf } from './directory';
import { signingKeyFromPem } from './keys';

const TOKEN_LIFETIME_SECONDS = 3600;
/** Entra's limit for the groups claim of a JWT; past it comes the overage claim. */
export const GROUPS_CLAIM_LIMIT = 200;

/**
 * The `groups` claim, or past the limit Entra's overage form: no groups,
 * and where to fetch them.
 */
export function groupClaims(
  ctx: SandboxContext,
  oid: string,
): Record<string, unknown> {
  const groups = transitiveGroupsOf(ctx.store.state, oid);
  if (groups.length === 0) return {};
  if (groups.length <= GROUPS_CLAIM_LIMIT) return { groups };
  return {
    _claim_names: { groups: 'src1' },
    _claim_sources: {
      src1: {
        endpoint: `${ctx.urls.graph}/v1.0/users/${oid}/getMemberObjects`,
      },
    },
  };
}

export function tenantIssuer(ctx: SandboxContext): string {
  return `${ctx.urls.authorityHost}/${ctx.store.state.tenantId}/v2.0`;
}

/**
 * The resource a `.default` scope names, as Entra writes it into `aud`:
 * a URI keeps its trailing slash (`https://management.azure.com/`), an app id
 * stays a bare GUID.
 */
export function audienceFromScope(scope: string): string | undefined {
  if (!scope.endsWith('.default')) return undefined;
  const resource = scope.slice(0, -'.default'.length);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(resource)
    ? resource
    : resource.replace(/\/$/, '');
}

/** Mints an app-only access token (client credentials) for a service principal. */
export async function issueAppAccessToken(
  ctx: SandboxContext,
  subject: { oid: string; appid: string },
  audience: string,
): Promise<{ token: string; expiresIn: number }> {
  const { state } = ctx.store;
  const key = signingKeyFromPem(state.tenantSigningKeyPem);
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    appid: subject.appid,
    azp: subject.appid,
    appidacr: '1',
    idtyp: 'app',
    oid: subject.oid,
    tid: state.tenantId,
    ver: '2.0',
    uti: randomUUID(),
    ...groupClaims(ctx, subject.oid),
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuer(tenantIssuer(ctx))
    .setSubject(subject.oid)
    .setAudience(audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
    .sign(key.privateKey);
  return { token, expiresIn: TOKEN_LIFETIME_SECONDS };
}

export interface EntraAccessTokenClaims {
  oid: string;
  appid?: string;
  upn?: string;
  aud: string;
  groups?: string[];
  /** The token carries the overage claim instead of its groups. */
  groupsOverage?: boolean;
}

export type EntraTokenCheck =
  | { ok: true; claims: EntraAccessTokenClaims }
  | { ok: false; reason: 'expired'; expiredAt: Date }
  | { ok: false; reason: 'invalid' };

/** Verifies signature, issuer and lifetime of a token this tenant issued; the caller checks `aud`. */
export async function checkEntraAccessToken(
  ctx: SandboxContext,
  token: string,
): Promise<EntraTokenCheck> {
  const key = signingKeyFromPem(ctx.store.state.tenantSigningKeyPem);
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      issuer: tenantIssuer(ctx),
      algorithms: ['RS256'],
    });
    if (typeof payload.oid !== 'string' || typeof payload.aud !== 'string') {
      return { ok: false, reason: 'invalid' };
    }
    return {
      ok: true,
      claims: {
        oid: payload.oid,
        aud: payload.aud,
        appid: typeof payload.appid === 'string' ? payload.appid : undefined,
        upn: typeof payload.upn === 'string' ? payload.upn : undefined,
        groups: Array.isArray(payload.groups)
          ? (payload.groups as string[])
          : undefined,
        groupsOverage: !!(payload._claim_names as { groups?: string })?.groups,
      },
    };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) {
      return {
        ok: false,
        reason: 'expired',
        expiredAt: new Date(Number(e.payload.exp) * 1000),
      };
    }
    return { ok: false, reason: 'invalid' };
  }
}

/** The claims of a valid access token from this tenant, or undefined. */
export async function verifyEntraAccessToken(
  ctx: SandboxContext,
  token: string,
): Promise<EntraAccessTokenClaims | undefined> {
  const result = await checkEntraAccessToken(ctx, token);
  return result.ok ? result.claims : undefined;
}
