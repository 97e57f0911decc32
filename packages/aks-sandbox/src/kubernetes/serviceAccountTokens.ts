import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { KubeObject } from '../state/types';
import { signingKeyFromPem } from '../entra/keys';

/**
 * A bound ServiceAccount token as the TokenRequest API issues it: RS256,
 * signed with the cluster key the issuer's JWKS publishes.
 */
export async function issueServiceAccountToken(options: {
  signingKeyPem: string;
  issuer: string;
  serviceAccount: KubeObject;
  audiences: string[];
  expirationSeconds: number;
  now?: number;
}) {
  const {
    signingKeyPem,
    issuer,
    serviceAccount,
    audiences,
    expirationSeconds,
  } = options;
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const exp = iat + expirationSeconds;
  const namespace = serviceAccount.metadata.namespace!;
  const name = serviceAccount.metadata.name;
  const token = await new SignJWT({
    'kubernetes.io': {
      namespace,
      serviceaccount: { name, uid: serviceAccount.metadata.uid },
    },
  })
    .setProtectedHeader({
      alg: 'RS256',
      kid: signingKeyFromPem(signingKeyPem).kid,
    })
    .setIssuer(issuer)
    .setSubject(`system:serviceaccount:${namespace}:${name}`)
    .setAudience(audiences)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(signingKeyFromPem(signingKeyPem).privateKey);
  return {
    token,
    expirationTimestamp: new Date(exp * 1000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z'),
  };
}
