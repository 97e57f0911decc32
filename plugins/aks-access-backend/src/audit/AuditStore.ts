import type { Knex } from 'knex';
import type {
  AuditEvent,
  AuditListQuery,
} from '@aks-access/plugin-aks-access-common';

const TABLE = 'aks_access_audit';
const DEFAULT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 500;

export type AuditRecord = Omit<AuditEvent, 'id' | 'at'>;

interface AuditRow {
  id: number | string;
  at: string;
  actor: string;
  action: string;
  entity_ref: string;
  cluster: string | null;
  namespace: string | null;
  dry_run: boolean | number;
  outcome: string;
  changes: string;
  error: string | null;
}

/** One row per operation, successful or not, dry run or not. */
export class AuditStore {
  constructor(private readonly knex: Knex) {}

  async record(event: AuditRecord): Promise<void> {
    await this.knex(TABLE).insert({
      at: new Date().toISOString(),
      actor: event.actor,
      action: event.action,
      entity_ref: event.entityRef.toLocaleLowerCase('en-US'),
      cluster: event.cluster ?? null,
      namespace: event.namespace ?? null,
      dry_run: event.dryRun,
      outcome: event.outcome,
      changes: JSON.stringify(event.changes),
      error: event.error ?? null,
    });
  }

  /** Newest first. */
  async list(query: AuditListQuery = {}): Promise<AuditEvent[]> {
    const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_AUDIT_LIMIT);
    let select = this.knex<AuditRow>(TABLE).orderBy('id', 'desc').limit(limit);
    if (query.entityRef) {
      select = select.where(
        'entity_ref',
        query.entityRef.toLocaleLowerCase('en-US'),
      );
    }
    const rows: AuditRow[] = await select;
    return rows.map(row => ({
      id: String(row.id),
      at: row.at,
      actor: row.actor,
      action: row.action as AuditEvent['action'],
      entityRef: row.entity_ref,
      cluster: row.cluster ?? undefined,
      namespace: row.namespace ?? undefined,
      dryRun: Boolean(row.dry_run),
      outcome: row.outcome as AuditEvent['outcome'],
      changes: JSON.parse(row.changes),
      error: row.error ?? undefined,
    }));
  }
}
