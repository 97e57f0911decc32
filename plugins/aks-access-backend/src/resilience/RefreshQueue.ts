/**
 * Runs refreshes one at a time, so two of them never interleave their reads
 * and writes into one snapshot. A refresh asked for while another runs is not
 * answered by the running one (that one may have read before the caller's
 * write landed): it waits for the next run. Everything asked for meanwhile is
 * merged into that one next run, so a burst of writes costs two refreshes,
 * not one per write.
 */
export class RefreshQueue<T> {
  private tail: Promise<unknown> = Promise.resolve();
  private next?: { request: T; done: Promise<void> };

  constructor(
    private readonly run: (request: T) => Promise<void>,
    private readonly merge: (queued: T, added: T) => T,
  ) {}

  /** Resolves when a run that started after this call has ended. */
  request(request: T): Promise<void> {
    const queued = this.next;
    if (queued) {
      queued.request = this.merge(queued.request, request);
      return queued.done;
    }
    const next = { request, done: Promise.resolve() };
    next.done = this.tail.then(() => {
      // From here on, new requests need a run after this one.
      this.next = undefined;
      return this.run(next.request);
    });
    this.next = next;
    this.tail = next.done.catch(() => undefined);
    return next.done;
  }
}
