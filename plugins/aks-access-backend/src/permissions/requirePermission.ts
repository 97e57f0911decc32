import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  isResourcePermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Throws 403 unless the caller holds the permission: a resource permission
 * on the resource, a basic one as such.
 */
export async function requirePermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: ResourcePermission | BasicPermission,
  resourceRef: string,
): Promise<void> {
  const resource = isResourcePermission(permission);
  const [decision] = await permissions.authorize(
    [resource ? { permission, resourceRef } : { permission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed: ${permission.name}${resource ? ` on ${resourceRef}` : ''}`,
    );
  }
}
