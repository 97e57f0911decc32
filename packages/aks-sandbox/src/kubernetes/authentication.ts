import { AKS_SERVER_APP_ID } from '@aks-access/plugin-aks-access-common';
import { decodeJwt, jwtVerify } from 'jose';
import type { SandboxContext } from '../context';
import { signingKeyFromPem } from '../entra/keys';
import { verifyEntraAccessToken } from '../entra/tokens';
import { transitiveGroupsOf } from '../entra/directory';
import type { ClusterObjects } from './clusterObjects';
import type { UserInfo } from './rbac';
import { SUPERUSER_NAME, superuserToken } from './superuserToken';

/** The Entra server application every AKS cluster accepts tokens for. */

const AUTHENTICATED = 'system:authenticated';

/**
 * Maps a bearer token to a user as the cluster's authenticators would: the
 * local admin credential (only while local accounts are enabled), the
 * sandbox's static user tokens (standing in for Entra logins), ServiceAccount
 * JWTs signed by this cluster, and Entra access tokens for the AKS server app.
 */
export async function authenticate(
  ctx: SandboxContext,
  clusterName: string,
  objects: ClusterObjects,
  authorization: string | undefined,
): Promise<UserInfo | undefined> {
  const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!token) return undefined;
  const state = ctx.store.state;
  const cluster = state.clusters[clusterName];

  if (token === superuserToken(state))
    return {
      username: SUPERUSER_NAME,
      groups: ['system:masters', AUTHENTICATED],
    };
  if (
    !cluster.record.disableLocalAccounts &&
    token === cluster.localAdminToken
  ) {
    return {
      username: 'clusterAdmin',
      groups: ['system:masters', AUTHENTICATED],
    };
  }
  const user = state.directory.users.find(u => u.token === token);
  if (user)
    return entraUser(
      user.objectId,
      user.userPrincipalName,
      transitiveGroupsOf(state, user.objectId),
    );

  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch {
    return undefined;
  }
  if (claims.iss === ctx.urls.oidcIssuer(clusterName))
    return serviceAccountUser(ctx, clusterName, objects, token);

  const entra = await verifyEntraAccessToken(ctx, token).catch(() => undefined);
  if (
    !entra ||
    (entra.aud !== AKS_SERVER_APP_ID &&
      entra.aud !== `api://${AKS_SERVER_APP_ID}`)
  )
    return undefined;
  // Past 200 groups Entra leaves them out of the token and says where to
  // ask instead; AKS's authenticator then asks Graph (getMemberGroups).
  const groups =
    entra.groups ??
    (entra.groupsOverage ? transitiveGroupsOf(state, entra.oid) : []);
  return entraUser(entra.oid, entra.upn, groups);
}

function entraUser(
  oid: string,
  upn: string | undefined,
  groupIds: string[],
): UserInfo {
  // AKS names users by UPN and applications by object id; groups are object ids.
  const groups = new Set([...groupIds, AUTHENTICATED]);
  return {
    username: upn ?? oid,
    uid: oid,
    groups: [...groups],
    extra: { oid: [oid] },
  };
}

async function serviceAccountUser(
  ctx: SandboxContext,
  clusterName: string,
  objects: ClusterObjects,
  token: string,
): Promise<UserInfo | undefined> {
  const cluster = ctx.store.state.clusters[clusterName];
  try {
    const { payload } = await jwtVerify(
      token,
      signingKeyFromPem(cluster.signingKeyPem).publicKey,
      {
        issuer: ctx.urls.oidcIssuer(clusterName),
        // The API server's own audience, as --api-audiences defaults to the issuer.
        audience: ctx.urls.oidcIssuer(clusterName),
        algorithms: ['RS256'],
      },
    );
    const k8s = payload['kubernetes.io'] as
      | { namespace: string; serviceaccount: { name: string; uid: string } }
      | undefined;
    if (!k8s) return undefined;
    const sa = objects.get(
      '/serviceaccounts',
      k8s.namespace,
      k8s.serviceaccount.name,
    );
    // A token outlives nothing: deleting (or recreating) the ServiceAccount revokes it.
    if (!sa || sa.metadata.uid !== k8s.serviceaccount.uid) return undefined;
    return {
      username: `system:serviceaccount:${k8s.namespace}:${k8s.serviceaccount.name}`,
      uid: k8s.serviceaccount.uid,
      groups: [
        'system:serviceaccounts',
        `system:serviceaccounts:${k8s.namespace}`,
        AUTHENTICATED,
      ],
    };
  } catch {
    return undefined;
  }
}
