import { invalid } from '../errors';
import { issueServiceAccountToken } from '../serviceAccountTokens';
import { Call, now, parseBody, ResourceInfo, send } from './call';
import { getOrThrow } from './read';
import type { ClusterScope } from './scope';

/** POST serviceaccounts/{name}/token: a bound service account token. */
export async function tokenRequest(
  cluster: ClusterScope,
  call: Call,
  info: ResourceInfo,
) {
  const { ctx } = cluster;
  const sa = getOrThrow(cluster, info.type, info.namespace, info.name!);
  const body = call.body.length ? parseBody(call) : {};
  const spec = body.spec ?? {};
  const issuer = ctx.urls.oidcIssuer(cluster.name);
  const expirationSeconds = spec.expirationSeconds ?? 3600;
  if (expirationSeconds < 600) {
    throw invalid('TokenRequest', 'authentication.k8s.io', '', [
      {
        type: 'FieldValueInvalid',
        field: 'spec.expirationSeconds',
        message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`,
      },
    ]);
  }
  const audiences: string[] = spec.audiences?.length
    ? spec.audiences
    : [issuer];
  const { token, expirationTimestamp } = await issueServiceAccountToken({
    signingKeyPem: cluster.state().signingKeyPem,
    issuer,
    serviceAccount: sa,
    audiences,
    expirationSeconds,
  });
  return send(call, 201, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: {
      name: info.name,
      namespace: info.namespace,
      creationTimestamp: now(),
    },
    spec: {
      audiences,
      expirationSeconds,
      boundObjectRef: spec.boundObjectRef ?? null,
    },
    status: { token, expirationTimestamp },
  });
}
