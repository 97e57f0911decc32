import { randomUUID } from 'crypto';
import type { SandboxContext } from '../context';
import { authenticateWithAssertion } from './clientAssertion';
import { entraError, type EntraError } from './errors';
import { audienceFromScope, issueAppAccessToken } from './tokens';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** MSAL may add the OIDC scopes even to client-credential requests; Entra ignores them there. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);

export interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

/** The client-credentials grant of `/{tenant}/oauth2/v2.0/token`. */
export async function exchangeToken(
  ctx: SandboxContext,
  form: URLSearchParams,
  correlationId: string = randomUUID(),
): Promise<{ status: 200; body: TokenResponse } | EntraError> {
  const host = ctx.urls.authorityHost;
  const { state } = ctx.store;
  const fail = (status: number, error: string, code: number, message: string) =>
    entraError(host, status, error, code, message, correlationId);

  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials') {
    return fail(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'.`,
    );
  }
  const clientId = form.get('client_id');
  if (!clientId) {
    return fail(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  const scopes = (form.get('scope') ?? '')
    .split(' ')
    .filter(s => s && !OIDC_SCOPES.has(s));
  if (scopes.length === 0) {
    return fail(
      400,
      'invalid_request',
      90014,
      "The required field 'scope' is missing from the credential. Ensure that you have all the necessary parameters for the login request.",
    );
  }
  const audience =
    scopes.length === 1 ? audienceFromScope(scopes[0]) : undefined;
  if (!audience) {
    return fail(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scopes.join(
        ' ',
      )} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }

  let subject: { oid: string; appid: string };
  const assertion = form.get('client_assertion');
  const secret = form.get('client_secret');
  if (assertion) {
    if (form.get('client_assertion_type') !== JWT_BEARER) {
      return fail(
        400,
        'invalid_request',
        50027,
        'JWT token is invalid or malformed.',
      );
    }
    const result = await authenticateWithAssertion(
      ctx,
      clientId,
      assertion,
      correlationId,
    );
    if ('body' in result) return result;
    subject = result;
  } else if (secret) {
    const app = state.directory.apps.find(
      a => a.appId.toLowerCase() === clientId.toLowerCase(),
    );
    if (!app) {
      return fail(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${state.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    if (!app.clientSecrets.includes(secret)) {
      return fail(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
      );
    }
    subject = { oid: app.servicePrincipalId, appid: app.appId };
  } else {
    return fail(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }

  const { token, expiresIn } = await issueAppAccessToken(
    ctx,
    subject,
    audience,
  );
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: token,
    },
  };
}
