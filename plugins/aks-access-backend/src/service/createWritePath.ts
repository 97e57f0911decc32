import type {
  AuditorService,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { AuditStore } from '../audit/AuditStore';
import { migratedDatabase } from '../audit/migrate';
import { AksAccessOperations } from '../operations/AksAccessOperations';
import { Guardrails } from '../policy/Guardrails';
import { readPolicy } from '../policy/readPolicy';
import { DatabaseLock } from '../resilience/DatabaseLock';
import type { RouteModule, RouterOptions } from './router';
import { writeRoutes } from './writeRoutes';

/** Policy, audit, locks and the operation layer, as one route module. */
export async function createWritePath(
  options: RouterOptions & {
    rootConfig: Config;
    database: DatabaseService;
    auditor?: AuditorService;
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
  });
  return { routes: writeRoutes(operations, audit), operations };
}
