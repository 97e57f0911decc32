import type { IncomingMessage } from 'http';
import type { SandboxContext } from '../context';
import { checkEntraAccessToken } from '../entra/tokens';
import { ArmError } from './errors';

/** Who is calling ARM: the token's object id. */
export interface ArmCaller {
  oid: string;
}

/** The resource URIs ARM accepts as `aud`; the sandbox's own ARM URL is one too, as a sovereign cloud's is. */
function allowedAudiences(ctx: SandboxContext): string[] {
  const arm = ctx.urls.arm.replace(/\/$/, '');
  return [
    'https://management.core.windows.net/',
    'https://management.core.windows.net',
    'https://management.azure.com/',
    'https://management.azure.com',
    `${arm}/`,
    arm,
  ];
}

function unauthorized(
  ctx: SandboxContext,
  code: string,
  message: string,
  description: string,
) {
  return new ArmError(401, code, message, {
    'www-authenticate': `Bearer authorization_uri="${ctx.urls.authorityHost}/${ctx.store.state.tenantId}", error="invalid_token", error_description="${description}"`,
  });
}

/**
 * Authenticates an ARM request: an access token from the sandbox tenant for
 * ARM's audience, or (so tests can act as a seeded user without a login flow)
 * that user's static token.
 */
export async function authenticateArmCaller(
  ctx: SandboxContext,
  req: IncomingMessage,
): Promise<ArmCaller> {
  const header = req.headers.authorization;
  if (!header) {
    throw unauthorized(
      ctx,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      "The authentication failed because of missing 'Authorization' header.",
    );
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw unauthorized(
      ctx,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      "The authentication failed because of invalid format of 'Authorization' header.",
    );
  }
  const token = match[1];
  const user = ctx.store.state.directory.users.find(u => u.token === token);
  if (user) return { oid: user.objectId };

  const result = await checkEntraAccessToken(ctx, token);
  if (!result.ok && result.reason === 'expired') {
    throw unauthorized(
      ctx,
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${result.expiredAt.toUTCString()}' is earlier than current UTC time '${new Date().toUTCString()}'.`,
      'The access token has expired.',
    );
  }
  if (!result.ok) {
    throw unauthorized(
      ctx,
      'InvalidAuthenticationToken',
      'The access token is invalid.',
      'The access token is invalid.',
    );
  }
  const audiences = allowedAudiences(ctx);
  if (!audiences.includes(result.claims.aud)) {
    throw unauthorized(
      ctx,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${
        result.claims.aud
      }'. It should exactly match with one of the allowed audiences ${audiences
        .map(a => `'${a}'`)
        .join(',')}.`,
      'The access token has been obtained for wrong audience or resource.',
    );
  }
  return { oid: result.claims.oid };
}
