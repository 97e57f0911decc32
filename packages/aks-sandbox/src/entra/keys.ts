import {
  createHash,
  createPrivateKey,
  createPublicKey,
  KeyObject,
} from 'crypto';
import type { JWK } from 'jose';

/** An RS256 signing key as both signer and verifier, with its published JWK. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
  jwk: JWK;
}

const cache = new Map<string, SigningKey>();

/**
 * Loads a PEM private key once. The kid is what kube-apiserver derives for
 * its ServiceAccount signing key (base64url SHA-256 of the DER public key), so
 * the Kubernetes server must sign SA tokens with this same kid for the issuer's
 * JWKS (served here) to match.
 */
export function signingKeyFromPem(pem: string): SigningKey {
  let key = cache.get(pem);
  if (!key) {
    const privateKey = createPrivateKey(pem);
    const publicKey = createPublicKey(privateKey);
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const kid = createHash('sha256').update(der).digest('base64url');
    const jwk: JWK = {
      ...(publicKey.export({ format: 'jwk' }) as JWK),
      kid,
      use: 'sig',
      alg: 'RS256',
    };
    key = { privateKey, publicKey, kid, jwk };
    cache.set(pem, key);
  }
  return key;
}
