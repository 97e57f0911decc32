import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { fullEntityRef } from '@aks-access/plugin-aks-access-common';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Imports and template management would let anyone claim ownership of what
 * they register, so they stay with the platform group.
 */
const PLATFORM_ONLY = new Set([
  'catalog.entity.create',
  'catalog.location.create',
  'catalog.location.delete',
  'scaffolder.template.management',
]);

/**
 * The shipped policy (DESIGN §7): reads for every signed-in user, writes on an
 * entity only for its owners, and everything for the platform group.
 *
 * Writes are answered with a catalog condition rather than a yes/no here, so
 * ownership is decided by the catalog against the entity's current owner —
 * the aks-access backend passes the entity as `resourceRef`.
 */
export class AksAccessPermissionPolicy implements PermissionPolicy {
  constructor(private readonly platformGroupRef: string) {}

  static fromConfig(config: Config): AksAccessPermissionPolicy {
    const group =
      config.getOptionalString('aksAccess.platformGroup') ??
      'group:default/platform-admins';
    return new AksAccessPermissionPolicy(fullEntityRef(group, 'group'));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const ownership = user.info.ownershipEntityRefs ?? [];
    if (ownership.includes(this.platformGroupRef)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { permission } = request;
    if (PLATFORM_ONLY.has(permission.name)) {
      return { result: AuthorizeResult.DENY };
    }
    const action = permission.attributes.action;
    if (
      action &&
      action !== 'read' &&
      isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownership }),
      );
    }
    // Reads, and writes that are not about one entity (running a template):
    // the aks-access routes a template calls check ownership themselves.
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'aks-access-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(AksAccessPermissionPolicy.fromConfig(config));
      },
    });
  },
});
