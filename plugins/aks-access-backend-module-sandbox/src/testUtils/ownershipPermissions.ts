import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * The shipped policy's decisions (DESIGN §7, packages/backend
 * permissionPolicy.ts): writes on an entity for its owners, everything for
 * the platform group; a missing entity is owned by nobody.
 */
export function ownershipPermissions(catalog: Entity[]) {
  const byRef = new Map(catalog.map(e => [stringifyEntityRef(e), e]));
  const ownership = (userRef: string) => {
    const user = byRef.get(userRef);
    const groups = (user?.spec?.memberOf as string[] | undefined) ?? [];
    return [userRef, ...groups.map(g => `group:default/${g}`)];
  };
  const decide = (query: any, options: any) => {
    const claims = ownership(options.credentials.principal?.userEntityRef);
    if (claims.includes('group:default/platform-admins')) return true;
    if (!query.resourceRef) return true;
    const owner = byRef.get(query.resourceRef)?.spec?.owner as
      | string
      | undefined;
    return !!owner && claims.includes(`group:default/${owner}`);
  };
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      async authorize(requests: any[], options: any) {
        return requests.map(r => ({
          result: decide(r, options)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        }));
      },
      async authorizeConditional(requests: any[]) {
        return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
      },
    }),
  });
}
