/*
 * One retry loop for ARM and Kubernetes calls. The Azure SDK already retries
 * a few times inside its pipeline; this outer loop covers what it does not
 * (PrincipalNotFound after replication, concurrent FIC writes, Kubernetes
 * 429/5xx) and gives up after a bounded number of attempts.
 */

export interface RetryOptions {
  attempts?: number;
  /**
   * Attempts for an Azure SDK error its own pipeline already retried (network
   * errors, 408, 429, 5xx): each of those attempts is up to four requests
   * and several seconds of the SDK's backoff, so fewer of them are needed.
   */
  pipelineRetriedAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const CONCURRENT_FIC_WRITES =
  'ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity';
const TRANSIENT_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

interface ErrorShape {
  statusCode?: number;
  code?: number | string;
  response?: { headers?: { get?(name: string): string | undefined } };
  headers?: Record<string, string>;
  body?: unknown;
  message?: string;
}

/** The HTTP status of an ARM RestError or a Kubernetes ApiException. */
export function statusOf(error: unknown): number | undefined {
  const e = error as ErrorShape;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  if (typeof e?.code === 'number') return e.code;
  return undefined;
}

/** ARM's error code (`PrincipalNotFound`, …), when there is one. */
export function armErrorCode(error: unknown): string | undefined {
  const e = error as ErrorShape;
  return typeof e?.code === 'string' ? e.code : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const e = error as ErrorShape;
  const raw =
    e?.response?.headers?.get?.('retry-after') ??
    e?.headers?.['retry-after'] ??
    e?.headers?.['Retry-After'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Whether the error comes out of an Azure SDK pipeline whose retry policies
 * have already retried it: a RestError of a network failure, 408, 429, or a
 * 5xx other than 501 and 505 (the classes of @azure/core-rest-pipeline's
 * exponential and throttling retry strategies).
 */
export function retriedByAzurePipeline(error: unknown): boolean {
  const e = error as ErrorShape & { name?: string };
  if (e?.name !== 'RestError') return false;
  const status = statusOf(error);
  if (status === undefined) return true;
  return (
    status === 408 ||
    status === 429 ||
    (status >= 500 && status !== 501 && status !== 505)
  );
}

/** Whether trying again may succeed, and how long the server asked to wait. */
export function classifyTransient(
  error: unknown,
): { retry: false } | { retry: true; afterMs?: number } {
  const status = statusOf(error);
  const code = armErrorCode(error);
  if (status === 429) return { retry: true, afterMs: retryAfterMs(error) };
  if (status !== undefined && status >= 500 && status !== 501) {
    return { retry: true, afterMs: retryAfterMs(error) };
  }
  if (code === 'PrincipalNotFound') return { retry: true };
  if (code === CONCURRENT_FIC_WRITES) return { retry: true };
  if (code && TRANSIENT_NETWORK.has(code)) return { retry: true };
  return { retry: false };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Runs `fn` until it succeeds, fails for good, or runs out of attempts. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 8;
  // Without this, an unreachable ARM endpoint took 8 × (4 requests and the
  // SDK's backoff) ≈ 70 s to fail one call; now about 20 s.
  const pipelineRetried = Math.min(
    attempts,
    options.pipelineRetriedAttempts ?? 3,
  );
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const verdict = classifyTransient(error);
      const limit = retriedByAzurePipeline(error) ? pipelineRetried : attempts;
      if (!verdict.retry || attempt >= limit) throw error;
      const backoff = Math.min(max, base * 2 ** (attempt - 1));
      // Half fixed, half random: spreads replicas apart without long stalls.
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      await sleep(Math.min(max, Math.max(verdict.afterMs ?? 0, jittered)));
    }
  }
}
