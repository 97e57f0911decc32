/**
 * A token bucket as ARM (per subscription) and the Kubernetes API server
 * (per cluster) throttle with: requests drain it, time refills it, and an
 * empty bucket answers 429 with a Retry-After of the seconds until a token is
 * back.
 */
export interface TokenBucket {
  /** Takes one token; when none is left, says how long to wait for the next. */
  take():
    | { ok: true; remaining: number }
    | { ok: false; retryAfterSeconds: number };
}

export function createTokenBucket(
  options: { capacity: number; refillPerSecond: number },
  now: () => number = Date.now,
): TokenBucket {
  const { capacity, refillPerSecond } = options;
  let tokens = capacity;
  let updatedAt = now();

  return {
    take() {
      const t = now();
      tokens = Math.min(
        capacity,
        tokens + ((t - updatedAt) / 1000) * refillPerSecond,
      );
      updatedAt = t;
      if (tokens >= 1) {
        tokens -= 1;
        return { ok: true, remaining: Math.floor(tokens) };
      }
      const missing = 1 - tokens;
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil(missing / refillPerSecond)),
      };
    },
  };
}

/** One bucket per key (subscription, cluster), created on first use. */
export function createKeyedTokenBuckets(
  options: { capacity: number; refillPerSecond: number } | undefined,
): (key: string) => TokenBucket | undefined {
  const buckets = new Map<string, TokenBucket>();
  return key => {
    if (!options) return undefined;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = createTokenBucket(options);
      buckets.set(key, bucket);
    }
    return bucket;
  };
}
