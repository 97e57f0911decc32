import type {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { fullEntityRef } from '@aks-access/plugin-aks-access-common';
import type {
  AksAccessClock,
  AksAccessEnvironment,
} from '@aks-access/plugin-aks-access-node';
import { RoleAssignments } from '../azure/roleAssignments';
import { AccessNotices } from '../notifications/AccessNotices';
import { AksAccessOperations } from '../operations/AksAccessOperations';
import type { OperationDeps } from '../operations/OperationDeps';
import { GroupMembership } from '../people/GroupMembership';
import { PrincipalDirectory } from '../people/PrincipalDirectory';
import { Guardrails } from '../policy/Guardrails';
import {
  checkWorkloadIdentityHomes,
  readPolicy,
  warnOfUnusedEnvironments,
} from '../policy/readPolicy';
import { AksAccessQueries } from '../queries/AksAccessQueries';
import {
  AksAccessServices,
  createAksAccessServices,
} from './createAksAccessServices';
import { openStores } from './openStores';

/**
 * With `permission.enabled` false Backstage's permissions service allows
 * every request, so no write would check ownership. Writes stay off unless
 * the platform team says, in config, that this is what it wants.
 */
function writesRefused(config: Config): string | undefined {
  if (config.getOptionalBoolean('permission.enabled')) return undefined;
  if (config.getOptionalBoolean('aksAccess.allowWritesWithoutPermissions')) {
    return undefined;
  }
  return 'aks-access writes are refused because permission.enabled is not true: without the permission framework no write can check who owns the entity. Enable it (permission.enabled: true, with a policy), or set aksAccess.allowWritesWithoutPermissions: true to accept writes by any signed-in user';
}

export interface AksAccess {
  services: AksAccessServices;
  principals: PrincipalDirectory;
  membership: GroupMembership;
  /** The write path's dependencies; the scheduled tasks run on them too. */
  deps: OperationDeps;
  operations: AksAccessOperations;
  queries: AksAccessQueries;
}

/**
 * Everything the plugin is made of, each built once: the clients and the
 * index, the caches, the stores and the guardrails. The read side and the
 * write side are each handed what they use, and neither reaches the other.
 */
export async function createAksAccess(options: {
  rootConfig: Config;
  logger: LoggerService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  database: DatabaseService;
  auditor?: AuditorService;
  clock: AksAccessClock;
  notifications?: NotificationService;
  environment?: AksAccessEnvironment;
}): Promise<AksAccess> {
  const { rootConfig, logger, auth, permissions, catalog, clock } = options;
  // Read first: a policy that does not parse stops the start before any upstream call.
  const policy = readPolicy(rootConfig);
  const services = await createAksAccessServices({
    config: rootConfig,
    logger,
    environment: options.environment,
  });
  const principals = new PrincipalDirectory(catalog, auth, logger);
  const membership = new GroupMembership(services.graph, principals, logger);
  const stores = await openStores(options.database);
  checkWorkloadIdentityHomes(
    policy.workloadIdentity,
    services.registry.list(),
    { discovery: !!services.config.discovery, logger },
  );
  warnOfUnusedEnvironments(
    'grants.environments',
    [...(policy.grants.environments?.keys() ?? [])],
    services.registry.list(),
    logger,
  );
  const guardrails = new Guardrails(policy);
  const deps: OperationDeps = {
    registry: services.registry,
    index: services.index,
    graph: services.graph,
    assignments: new RoleAssignments(s =>
      services.registry.arm.authorizationFor(s),
    ),
    ...stores,
    guardrails,
    catalog,
    auth,
    permissions,
    principals,
    logger,
    auditor: options.auditor,
    clock,
    notices: new AccessNotices(
      logger,
      options.notifications,
      ref => principals.byRef(ref)?.displayName ?? ref,
    ),
    tenantId: services.config.azure.tenantId ?? '',
    writesRefused: writesRefused(rootConfig),
    // The same setting, and default, as the shipped permission policy's.
    platformGroup: fullEntityRef(
      rootConfig.getOptionalString('aksAccess.platformGroup') ??
        'group:default/platform-admins',
      'group',
    ),
  };
  const queries = new AksAccessQueries({
    registry: services.registry,
    index: services.index,
    graph: services.graph,
    principals,
    membership,
    permissions,
    catalog,
    auth,
    guardrails,
    clock,
    reviews: stores.reviews,
    requests: stores.requests,
    audit: stores.audit,
  });
  return {
    services,
    principals,
    membership,
    deps,
    operations: new AksAccessOperations(deps),
    queries,
  };
}
