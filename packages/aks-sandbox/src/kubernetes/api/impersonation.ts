import type { IncomingMessage } from 'node:http';
import { badRequest } from '../errors';
import type { RequestAttributes, UserInfo } from '../rbac';
import type { ClusterScope } from './scope';

const EXTRA_PREFIX = 'impersonate-extra-';

/**
 * The user a request acts as: its authenticated user, or the one its
 * Impersonate-* headers name, once the authenticated user may impersonate
 * every part of that identity (user or service account, groups, extras).
 */
export function impersonate(
  cluster: ClusterScope,
  req: IncomingMessage,
  user: UserInfo,
): UserInfo {
  const headers = req.headersDistinct;
  const asUser = headers['impersonate-user']?.[0];
  const asGroups = headers['impersonate-group'] ?? [];
  const extraHeaders = Object.keys(headers).filter(h =>
    h.startsWith(EXTRA_PREFIX),
  );
  if (!asUser) {
    if (asGroups.length || extraHeaders.length)
      throw badRequest(
        'requested [Impersonate-Group] without impersonating a user',
      );
    return user;
  }
  const sa = asUser.match(/^system:serviceaccount:([^:]+):([^:]+)$/);
  const targets: Omit<
    RequestAttributes,
    'user' | 'verb' | 'resourceRequest'
  >[] = [
    sa
      ? {
          apiGroup: '',
          resource: 'serviceaccounts',
          namespace: sa[1],
          name: sa[2],
        }
      : { apiGroup: '', resource: 'users', name: asUser },
    ...asGroups.map(g => ({ apiGroup: '', resource: 'groups', name: g })),
    ...extraHeaders.flatMap(h =>
      (headers[h] ?? []).map(v => ({
        apiGroup: 'authentication.k8s.io',
        resource: 'userextras',
        subresource: h.slice(EXTRA_PREFIX.length),
        name: v,
      })),
    ),
  ];
  for (const target of targets)
    cluster.check({
      user,
      verb: 'impersonate',
      resourceRequest: true,
      ...target,
    });
  const groups = new Set(asGroups);
  if (sa)
    ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`].forEach(g =>
      groups.add(g),
    );
  groups.add('system:authenticated');
  const extra = Object.fromEntries(
    extraHeaders.map(h => [
      decodeURIComponent(h.slice(EXTRA_PREFIX.length)),
      headers[h] ?? [],
    ]),
  );
  return {
    username: asUser,
    groups: [...groups],
    ...(extraHeaders.length ? { extra } : {}),
  };
}
