import { randomUUID } from 'crypto';
import type { SandboxContext } from '../context';
import { authenticateWithAssertion } from './clientAssertion';
import { entraError, type EntraError } from './errors';
import { AKS_SERVER_APP_ID } from '@aks-access/plugin-aks-access-common';
import { findUserByUpn } from './directory';
import {
  audienceFromScope,
  issueAppAccessToken,
  issueIdToken,
  issueUserAccessToken,
} from './tokens';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** MSAL may add the OIDC scopes even to client-credential requests; Entra ignores them there. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);

export interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  /** the password grant's: what was granted, the user's ID token and MSAL's account key */
  scope?: string;
  id_token?: string;
  client_info?: string;
}

/** The Azure Kubernetes Service AAD Client, kubelogin's default public client (FACTS #1). */
export const KUBELOGIN_CLIENT_ID = '80faf920-1908-4b52-b5ef-a8e7bedfc67a';
/** Microsoft's public clients every tenant knows without an app registration (kubelogin, the Azure CLI). */
const FIRST_PARTY_PUBLIC_CLIENTS = [
  KUBELOGIN_CLIENT_ID,
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
];

/** The client-credentials and password grants of `/{tenant}/oauth2/v2.0/token`. */
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
  if (grantType !== 'client_credentials' && grantType !== 'password') {
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
      `The provided value for scope ${scopes.join(' ')} is not valid. ${
        grantType === 'password'
          ? "The sandbox signs users in for a resource's /.default scope only."
          : 'Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).'
      }`,
    );
  }

  if (grantType === 'password')
    return passwordGrant(ctx, form, clientId, audience, correlationId);

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

/*
 * The resource owner password grant (ROPC), as kubelogin's `-l ropc` and
 * @azure/identity's UsernamePasswordCredential send it: the user's UPN and
 * password for a delegated token. The sandbox has no passwords; a user's
 * password is their static sandbox token (`DirectoryUser.token`), so a test
 * that holds one can also sign in the way Entra users do.
 */
async function passwordGrant(
  ctx: SandboxContext,
  form: URLSearchParams,
  clientId: string,
  audience: string,
  correlationId: string,
): Promise<{ status: 200; body: TokenResponse } | EntraError> {
  const { state } = ctx.store;
  const fail = (status: number, error: string, code: number, message: string) =>
    entraError(
      ctx.urls.authorityHost,
      status,
      error,
      code,
      message,
      correlationId,
    );
  const app = state.directory.apps.find(
    a => a.appId.toLowerCase() === clientId.toLowerCase(),
  );
  if (!app && !FIRST_PARTY_PUBLIC_CLIENTS.includes(clientId.toLowerCase()))
    return fail(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${state.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  const secret = form.get('client_secret');
  if (app && secret && !app.clientSecrets.includes(secret))
    return fail(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
    );
  const username = form.get('username');
  const password = form.get('password');
  if (!username || !password)
    return fail(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${
        username ? 'password' : 'username'
      }'.`,
    );
  const user = findUserByUpn(state, username);
  if (!user)
    return fail(
      400,
      'invalid_grant',
      50034,
      `The user account ${username} does not exist in the ${state.tenantId} directory. To sign into this application, the account must be added to the directory.`,
    );
  if (user.token !== password)
    return fail(
      400,
      'invalid_grant',
      50126,
      'Error validating credentials due to invalid username or password.',
    );
  // The AKS server app exposes one delegated permission, user.read; the
  // sandbox consents other resources for user_impersonation.
  const scp =
    audience === AKS_SERVER_APP_ID ? 'user.read' : 'user_impersonation';
  const { token, expiresIn } = await issueUserAccessToken(
    ctx,
    user,
    clientId,
    audience,
    scp,
  );
  const requested = (form.get('scope') ?? '').split(' ');
  // No refresh_token: the sandbox has no refresh grant, and MSAL signs in
  // again without one.
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      scope: `${audience.replace(/\/$/, '')}/${scp}`,
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: token,
      ...(requested.includes('openid')
        ? { id_token: await issueIdToken(ctx, user, clientId) }
        : {}),
      ...(form.get('client_info') === '1'
        ? {
            client_info: Buffer.from(
              JSON.stringify({ uid: user.objectId, utid: state.tenantId }),
            ).toString('base64url'),
          }
        : {}),
    },
  };
}
