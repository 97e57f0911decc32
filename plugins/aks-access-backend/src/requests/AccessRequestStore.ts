import { NotFoundError } from '@backstage/errors';
import type { Knex } from 'knex';
import type {
  AccessLevel,
  AccessRequest,
  AccessRequestState,
  AuditSubject,
} from '@aks-access/plugin-aks-access-common';

const TABLE = 'aks_access_requests';
const LIST_LIMIT = 200;

interface Row {
  id: string;
  entity_ref: string;
  cluster: string;
  namespace: string;
  principal: string;
  level: string;
  duration: string;
  duration_seconds: number;
  justification: string;
  requester: string;
  state: string;
  created_at: number | string;
  pending_until: number | string | null;
  decided_at: number | string | null;
  decided_by: string | null;
  comment: string | null;
  grant_id: string | null;
  expires_at: number | string | null;
  already_permanent: boolean | number;
  expiry_notified: boolean | number;
  ended_at: number | string | null;
  ended_by: string | null;
}

/** A request as stored, with its times as Dates. */
export interface StoredRequest
  extends Omit<
    AccessRequest,
    | 'createdAt'
    | 'pendingUntil'
    | 'decidedAt'
    | 'expiresAt'
    | 'endedAt'
    | 'alreadyPermanent'
  > {
  durationSeconds: number;
  createdAt: Date;
  pendingUntil?: Date;
  decidedAt?: Date;
  expiresAt?: Date;
  endedAt?: Date;
  alreadyPermanent: boolean;
  expiryNotified: boolean;
}

/** What a request's audit rows name: the request, and the access it is for. */
export function requestSubject(request: StoredRequest): AuditSubject {
  return {
    requestId: request.id,
    principal: request.principal,
    level: request.level,
    duration: request.duration,
    ...(request.grantId ? { grantId: request.grantId } : {}),
    ...(request.expiresAt
      ? { expiresAt: request.expiresAt.toISOString() }
      : {}),
  };
}

const time = (v: number | string | null) =>
  v === null || v === undefined ? undefined : new Date(Number(v));
const ms = (d: Date | undefined) => (d ? d.getTime() : null);

function fromRow(row: Row): StoredRequest {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    principal: row.principal,
    level: row.level as AccessLevel,
    duration: row.duration,
    durationSeconds: Number(row.duration_seconds),
    justification: row.justification,
    requester: row.requester,
    state: row.state as AccessRequestState,
    createdAt: time(row.created_at)!,
    pendingUntil: time(row.pending_until),
    decidedAt: time(row.decided_at),
    decidedBy: row.decided_by ?? undefined,
    comment: row.comment ?? undefined,
    grantId: row.grant_id ?? undefined,
    expiresAt: time(row.expires_at),
    alreadyPermanent: Boolean(row.already_permanent),
    expiryNotified: Boolean(row.expiry_notified),
    endedAt: time(row.ended_at),
    endedBy: row.ended_by ?? undefined,
  };
}

/** The REST shape: times as RFC 3339, absent fields left out. */
export function toApi(request: StoredRequest): AccessRequest {
  const iso = (d?: Date) => d?.toISOString();
  const {
    durationSeconds: _seconds,
    expiryNotified: _notified,
    alreadyPermanent,
    ...rest
  } = request;
  return JSON.parse(
    JSON.stringify({
      ...rest,
      createdAt: iso(request.createdAt),
      pendingUntil: iso(request.pendingUntil),
      decidedAt: iso(request.decidedAt),
      expiresAt: iso(request.expiresAt),
      endedAt: iso(request.endedAt),
      ...(alreadyPermanent ? { alreadyPermanent } : {}),
    }),
  );
}

export interface RequestTransition {
  state?: AccessRequestState;
  decidedAt?: Date;
  decidedBy?: string;
  comment?: string;
  grantId?: string;
  expiresAt?: Date;
  alreadyPermanent?: boolean;
  endedAt?: Date;
  endedBy?: string;
}

/**
 * Access requests in the plugin database. State changes are conditional on
 * the state they leave, so two replicas (or two approvers) racing on one
 * request change it once: the loser gets `false`.
 */
export class AccessRequestStore {
  constructor(private readonly knex: Knex) {}

  async insert(request: StoredRequest): Promise<void> {
    await this.knex(TABLE).insert({
      id: request.id,
      entity_ref: request.entityRef,
      cluster: request.cluster,
      namespace: request.namespace,
      principal: request.principal,
      level: request.level,
      duration: request.duration,
      duration_seconds: request.durationSeconds,
      justification: request.justification,
      requester: request.requester,
      state: request.state,
      created_at: ms(request.createdAt),
      pending_until: ms(request.pendingUntil),
      decided_at: ms(request.decidedAt),
      decided_by: request.decidedBy ?? null,
      grant_id: request.grantId ?? null,
      expires_at: ms(request.expiresAt),
      already_permanent: request.alreadyPermanent,
      expiry_notified: false,
    });
  }

  /** A request by id, or a 404 naming it. */
  async require(id: string): Promise<StoredRequest> {
    const request = await this.get(id);
    if (!request)
      throw new NotFoundError(`Access request ${id} does not exist`);
    return request;
  }

  async get(id: string): Promise<StoredRequest | undefined> {
    const row = await this.knex<Row>(TABLE).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  /** Moves a request out of `from`; false if it was no longer there. */
  async transition(
    id: string,
    from: AccessRequestState,
    change: RequestTransition,
  ): Promise<boolean> {
    const update: Record<string, unknown> = {};
    if (change.state) update.state = change.state;
    if (change.decidedAt) update.decided_at = ms(change.decidedAt);
    if (change.decidedBy) update.decided_by = change.decidedBy;
    if (change.comment !== undefined) update.comment = change.comment;
    if (change.grantId) update.grant_id = change.grantId;
    if (change.expiresAt) update.expires_at = ms(change.expiresAt);
    if (change.alreadyPermanent !== undefined)
      update.already_permanent = change.alreadyPermanent;
    if (change.endedAt) update.ended_at = ms(change.endedAt);
    if (change.endedBy) update.ended_by = change.endedBy;
    const count = await this.knex(TABLE)
      .where({ id, state: from })
      .update(update);
    return count === 1;
  }

  /** Marks the before-the-end notice sent; false if it already was. */
  async markNotified(id: string): Promise<boolean> {
    const count = await this.knex(TABLE)
      .where({ id, state: 'approved', expiry_notified: false })
      .update({ expiry_notified: true });
    return count === 1;
  }

  async list(filter: {
    entityRef?: string;
    state?: AccessRequestState;
    requester?: string;
  }): Promise<StoredRequest[]> {
    let query = this.knex<Row>(TABLE)
      .orderBy('created_at', 'desc')
      .limit(LIST_LIMIT);
    if (filter.entityRef) query = query.where('entity_ref', filter.entityRef);
    if (filter.state) query = query.where('state', filter.state);
    if (filter.requester) query = query.where('requester', filter.requester);
    return (await query).map(fromRow);
  }

  /** The requester's pending or active request for the same access, if any. */
  async findOpen(key: {
    requester: string;
    principal: string;
    level: string;
    cluster: string;
    namespace: string;
  }): Promise<StoredRequest | undefined> {
    const row = await this.knex<Row>(TABLE)
      .where({
        requester: key.requester,
        principal: key.principal,
        level: key.level,
        cluster: key.cluster,
        namespace: key.namespace,
      })
      .whereIn('state', ['pending', 'approved'])
      .orderBy('created_at', 'desc')
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** Active grants whose end is at or before `until`: an index range scan. */
  async expiring(until: Date, limit = 500): Promise<StoredRequest[]> {
    const rows = await this.knex<Row>(TABLE)
      .where('state', 'approved')
      .where('expires_at', '<=', until.getTime())
      .orderBy('expires_at')
      .limit(limit);
    return rows.map(fromRow);
  }

  /** Pending requests whose decision time has run out. */
  async undecided(now: Date, limit = 500): Promise<StoredRequest[]> {
    const rows = await this.knex<Row>(TABLE)
      .where('state', 'pending')
      .where('pending_until', '<=', now.getTime())
      .limit(limit);
    return rows.map(fromRow);
  }

  /** Active grants to warn about: ending by `until`, not yet warned. */
  async endingSoon(until: Date, limit = 500): Promise<StoredRequest[]> {
    const rows = await this.knex<Row>(TABLE)
      .where('state', 'approved')
      .where('expires_at', '<=', until.getTime())
      .where('expiry_notified', false)
      .limit(limit);
    return rows.map(fromRow);
  }
}
