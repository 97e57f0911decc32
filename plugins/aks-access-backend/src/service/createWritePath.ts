import type {
  AuditorService,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { AuditStore } from '../audit/AuditStore';
import { migratedDatabase } from '../audit/migrate';
import { AksAccessOperations } from '../operations/AksAccessOperations';
import type { AksAccessClock } from '@aks-access/plugin-aks-access-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { fullEntityRef } from '@aks-access/plugin-aks-access-common';
import { AccessNotices } from '../notifications/AccessNotices';
import { AccessRequestStore } from '../requests/AccessRequestStore';
import { GrantReviewStore } from '../reviews/GrantReviewStore';
import { Guardrails } from '../policy/Guardrails';
import { readPolicy } from '../policy/readPolicy';
import { DatabaseLock } from '../resilience/DatabaseLock';
import type { RouteModule, RouterOptions } from './router';
import { writeRoutes } from './writeRoutes';

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

/** Policy, audit, locks and the operation layer, as one route module. */
export async function createWritePath(
  options: RouterOptions & {
    rootConfig: Config;
    database: DatabaseService;
    auditor?: AuditorService;
    clock: AksAccessClock;
    notifications?: NotificationService;
  },
): Promise<{ routes: RouteModule; operations: AksAccessOperations }> {
  const knex = await migratedDatabase(options.database);
  const audit = new AuditStore(knex);
  const operations = new AksAccessOperations({
    ...options,
    guardrails: new Guardrails(readPolicy(options.rootConfig)),
    audit,
    lock: new DatabaseLock(knex),
    tenantId: options.config.azure.tenantId ?? '',
    writesRefused: writesRefused(options.rootConfig),
    requests: new AccessRequestStore(knex),
    reviews: new GrantReviewStore(knex),
    notices: new AccessNotices(options.logger, options.notifications),
    // The same setting, and default, as the shipped permission policy's.
    platformGroup: fullEntityRef(
      options.rootConfig.getOptionalString('aksAccess.platformGroup') ??
        'group:default/platform-admins',
      'group',
    ),
  });
  return { routes: writeRoutes(operations, audit), operations };
}
