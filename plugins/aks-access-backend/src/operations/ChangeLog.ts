import type {
  AuditSubject,
  Change,
} from '@aks-access/plugin-aks-access-common';

/**
 * What an operation has done so far. Steps that do not depend on each other
 * run together; when one fails the others still finish and are recorded, so
 * the error can say exactly what was done.
 */
export class ChangeLog {
  readonly changes: Change[] = [];
  /** What the operation acted on, as the audit row names it. */
  readonly subject: AuditSubject;

  constructor(subject: AuditSubject = {}) {
    this.subject = { ...subject };
  }

  /** Names what the operation acts on, once it is known. */
  about(subject: AuditSubject): void {
    Object.assign(this.subject, subject);
  }

  async step(run: () => Promise<Change | Change[] | undefined>): Promise<void> {
    const result = await run();
    if (result)
      this.changes.push(...(Array.isArray(result) ? result : [result]));
  }

  async parallel(
    ...runs: Array<() => Promise<Change | Change[] | undefined>>
  ): Promise<void> {
    const results = await Promise.allSettled(runs.map(r => this.step(r)));
    const failed = results.find(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    if (failed) throw failed.reason;
  }

  /** Whether anything was (or, on a dry run, would be) written. */
  get writes(): boolean {
    return this.changes.some(c => c.action !== 'unchanged');
  }
}
