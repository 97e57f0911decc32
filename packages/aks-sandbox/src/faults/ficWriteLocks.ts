/**
 * Tracks FIC writes in flight per managed identity. The real service detects
 * concurrent writes under one identity and fails the newcomer with 409; here
 * each write takes `windowMs`, so writes that overlap (as a parallel Bicep loop
 * or a Promise.all sends them) collide the same way, while serialized writes
 * never do.
 */
export interface FicWriteLocks {
  /** Claims the identity for one write, or returns false if another write is in flight. */
  tryBegin(identityId: string): boolean;
  /** Lets the write run for the rest of its window, then releases the identity. */
  end(identityId: string): Promise<void>;
}

export function createFicWriteLocks(
  windowMs: number | undefined,
): FicWriteLocks {
  const startedAt = new Map<string, number>();
  const window = windowMs ?? 0;
  return {
    tryBegin(identityId) {
      if (window <= 0) return true;
      const key = identityId.toLowerCase();
      if (startedAt.has(key)) return false;
      startedAt.set(key, Date.now());
      return true;
    },
    async end(identityId) {
      const key = identityId.toLowerCase();
      const began = startedAt.get(key);
      if (began === undefined) return;
      const remaining = began + window - Date.now();
      if (remaining > 0)
        await new Promise(resolve => setTimeout(resolve, remaining));
      startedAt.delete(key);
    },
  };
}
