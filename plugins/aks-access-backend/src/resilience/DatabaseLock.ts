import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ServiceUnavailableError } from '@backstage/errors';

const TABLE = 'aks_access_locks';

export interface LockOptions {
  /** How long a holder that died keeps others out. */
  leaseMs?: number;
  /** How long to wait for the lock before giving up with a 503. */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Mutual exclusion on a key across every replica sharing the plugin's
 * database, with a lease so a killed replica cannot hold a key forever. Each
 * acquisition has its own holder id, so concurrent requests in one process
 * are serialized as well.
 */
export class DatabaseLock {
  constructor(private readonly knex: Knex) {}

  async withLock<T>(
    key: string,
    fn: () => Promise<T>,
    options: LockOptions = {},
  ): Promise<T> {
    const leaseMs = options.leaseMs ?? 30_000;
    const holder = randomUUID();
    await this.acquire(key, holder, leaseMs, options.waitMs ?? 120_000);
    // Long operations keep renewing, so only a dead holder's lease runs out.
    const renew = setInterval(() => {
      this.knex(TABLE)
        .where({ key, holder })
        .update({ expires_at: Date.now() + leaseMs })
        .catch(() => {});
    }, leaseMs / 3);
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.knex(TABLE).where({ key, holder }).delete();
    }
  }

  private async acquire(
    key: string,
    holder: string,
    leaseMs: number,
    waitMs: number,
  ) {
    const deadline = Date.now() + waitMs;
    let delay = 10;
    for (;;) {
      const now = Date.now();
      await this.knex(TABLE)
        .insert({ key, holder, expires_at: now + leaseMs })
        .onConflict('key')
        .ignore();
      const taken = await this.knex(TABLE)
        .where({ key })
        .andWhere(q => q.where({ holder }).orWhere('expires_at', '<', now))
        .update({ holder, expires_at: now + leaseMs });
      if (taken === 1) return;
      if (Date.now() > deadline) {
        throw new ServiceUnavailableError(
          `Timed out after ${waitMs} ms waiting for another operation on ${key}`,
        );
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 200);
    }
  }
}
