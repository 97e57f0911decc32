import type { Knex } from 'knex';
import {
  AuditEvent,
  AuditListQuery,
  MAX_AUDIT_LIMIT,
} from '@aks-access/plugin-aks-access-common';

const TABLE = 'aks_access_audit';
const DEFAULT_LIMIT = 50;

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
  subject: string | null;
  request_id: string | null;
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
      subject: JSON.stringify(event.subject),
      request_id: event.subject.requestId ?? null,
      error: event.error ?? null,
    });
  }

  /** Newest first; by entity, by access request, or both. */
  async list(query: AuditListQuery = {}): Promise<AuditEvent[]> {
    const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_AUDIT_LIMIT);
    let select = this.knex<AuditRow>(TABLE).orderBy('id', 'desc').limit(limit);
    if (query.entityRef) {
      select = select.where(
        'entity_ref',
        query.entityRef.toLocaleLowerCase('en-US'),
      );
    }
    if (query.requestId) select = select.where('request_id', query.requestId);
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
      subject: row.subject ? JSON.parse(row.subject) : {},
      error: row.error ?? undefined,
    }));
  }
}
