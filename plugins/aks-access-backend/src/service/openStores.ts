import type { DatabaseService } from '@backstage/backend-plugin-api';
import { AuditStore } from '../audit/AuditStore';
import { migratedDatabase } from '../audit/migrate';
import { AccessRequestStore } from '../requests/AccessRequestStore';
import { DatabaseLock } from '../resilience/DatabaseLock';
import { GrantReviewStore } from '../reviews/GrantReviewStore';

/** The plugin's tables, migrated once: the read side and the write side share them. */
export interface AksAccessStores {
  audit: AuditStore;
  lock: DatabaseLock;
  requests: AccessRequestStore;
  reviews: GrantReviewStore;
}

export async function openStores(
  database: DatabaseService,
): Promise<AksAccessStores> {
  const knex = await migratedDatabase(database);
  return {
    audit: new AuditStore(knex),
    lock: new DatabaseLock(knex),
    requests: new AccessRequestStore(knex),
    reviews: new GrantReviewStore(knex),
  };
}
