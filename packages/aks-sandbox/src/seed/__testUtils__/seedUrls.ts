import type { SandboxUrls } from '../../context';

/** URLs for a seed built without servers: only their shape reaches the state. */
export const seedUrls: SandboxUrls = {
  arm: 'https://arm.invalid',
  authorityHost: 'https://login.invalid',
  graph: 'https://graph.invalid',
  clusterApi: name => `https://${name}.invalid`,
  oidcIssuer: name => `https://oidc.invalid/${name}/`,
};
