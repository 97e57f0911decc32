import { AKS_SERVER_APP_ID } from '@aks-access/plugin-aks-access-common';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { KubeConfig, User } from '@kubernetes/client-node';

/** client-node's Authenticator, which its index does not export. */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

/** The Entra server application every AKS API server accepts tokens for (FACTS #1). */
/** The AKS server app (the API servers' Entra audience), as a token scope. */
export const AKS_SCOPE = `${AKS_SERVER_APP_ID}/.default`;

/** The user name in a KubeConfig that marks "authenticate with the backend's Azure identity". */
export const AZURE_AUTH_PROVIDER = 'aks-access-azure';

// Renewed this long before expiry, so a request never leaves with a token that dies in flight.
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Bearer tokens for the AKS server app from the backend's credential, cached
 * and shared by every cluster (the audience is the same everywhere).
 */
function oidOf(jwt: string): string | undefined {
  try {
    const { oid } = JSON.parse(
      Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString(),
    );
    return typeof oid === 'string' ? oid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export class AzureTokenAuthenticator implements Authenticator {
  private token?: AccessToken;
  private oid?: string;
  private pending?: Promise<AccessToken>;

  constructor(private readonly credential: TokenCredential) {}

  isAuthProvider(user: User): boolean {
    return user.authProvider?.name === AZURE_AUTH_PROVIDER;
  }

  async applyAuthentication(
    _user: User,
    opts: { headers?: Record<string, any> },
  ): Promise<void> {
    const token = await this.getToken();
    opts.headers = { ...opts.headers, Authorization: `Bearer ${token}` };
  }

  /**
   * The object id the clusters know the backend by (its token's `oid`), once
   * a token has been fetched: its own bindings are plumbing, not access.
   * Read once per token, since every access view asks for it.
   */
  objectId(): string | undefined {
    return this.oid;
  }

  async getToken(): Promise<string> {
    if (
      this.token &&
      this.token.expiresOnTimestamp - REFRESH_MARGIN_MS > Date.now()
    ) {
      return this.token.token;
    }
    this.pending ??= this.credential
      .getToken(AKS_SCOPE)
      .then(token => {
        if (!token) throw new Error(`No Azure token for ${AKS_SCOPE}`);
        this.token = token;
        this.oid = oidOf(token.token);
        return token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return (await this.pending).token;
  }
}
