import type { SandboxContext } from '../context';
import { signingKeyFromPem } from './keys';
import { tenantIssuer } from './tokens';

/** The tenant's v2.0 OpenID configuration, the fields MSAL reads plus Entra's usual companions. */
export function tenantOpenIdConfiguration(ctx: SandboxContext) {
  const base = `${ctx.urls.authorityHost}/${ctx.store.state.tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: [
      'code',
      'id_token',
      'code id_token',
      'id_token token',
    ],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: tenantIssuer(ctx),
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nbf',
      'oid',
      'tid',
      'ver',
      'appid',
      'azp',
      'groups',
    ],
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(ctx.urls.authorityHost).host,
  };
}

/**
 * The answer to MSAL's instance discovery: the authority host is its own cloud,
 * known by no other alias.
 */
export function instanceDiscovery(ctx: SandboxContext) {
  const host = new URL(ctx.urls.authorityHost).host;
  return {
    tenant_discovery_endpoint: `${ctx.urls.authorityHost}/${ctx.store.state.tenantId}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [
      { preferred_network: host, preferred_cache: host, aliases: [host] },
    ],
  };
}

export function jwksOf(pem: string) {
  return { keys: [signingKeyFromPem(pem).jwk] };
}

/** A cluster's OIDC issuer discovery document, as AKS's issuer serves it. */
export function clusterOpenIdConfiguration(issuer: string) {
  return {
    issuer,
    jwks_uri: `${issuer}openid/v1/jwks`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
}
