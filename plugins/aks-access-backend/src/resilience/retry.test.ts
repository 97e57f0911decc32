import { RestError } from '@azure/core-rest-pipeline';
import { classifyTransient, withRetry } from './retry';

function httpError(statusCode: number, code?: string, retryAfter?: string) {
  return Object.assign(new Error(`${statusCode}`), {
    statusCode,
    code,
    response: {
      headers: {
        get: (n: string) => (n === 'retry-after' ? retryAfter : undefined),
      },
    },
  });
}

describe('withRetry', () => {
  it('classifies what may succeed on a second try', () => {
    expect(classifyTransient(httpError(429, 'TooManyRequests', '2'))).toEqual({
      retry: true,
      afterMs: 2000,
    });
    expect(classifyTransient(httpError(503))).toMatchObject({ retry: true });
    expect(
      classifyTransient(httpError(400, 'PrincipalNotFound')),
    ).toMatchObject({ retry: true });
    expect(
      classifyTransient(
        httpError(
          409,
          'ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity',
        ),
      ),
    ).toMatchObject({ retry: true });
    expect(
      classifyTransient(
        Object.assign(new Error(), {
          code: 429,
          headers: { 'retry-after': '1' },
        }),
      ),
    ).toEqual({
      retry: true,
      afterMs: 1000,
    });
    expect(classifyTransient(httpError(409, 'Conflict'))).toEqual({
      retry: false,
    });
    expect(classifyTransient(httpError(403))).toEqual({ retry: false });
  });

  it('honours Retry-After and stops after the bounded attempts', async () => {
    let calls = 0;
    const started = Date.now();
    await expect(
      withRetry(
        async () => {
          calls++;
          throw httpError(429, undefined, '0.05');
        },
        { attempts: 3, baseDelayMs: 1 },
      ),
    ).rejects.toThrow('429');
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('does not retry a final answer', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw httpError(404);
      }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('retries what the Azure SDK already retried fewer times', async () => {
    let calls = 0;
    const refused = () =>
      new RestError('connect ECONNREFUSED 127.0.0.1:1', {
        code: 'ECONNREFUSED',
      });
    await expect(
      withRetry(
        async () => {
          calls++;
          throw refused();
        },
        { baseDelayMs: 1 },
      ),
    ).rejects.toThrow('ECONNREFUSED');
    expect(calls).toBe(3);

    // What the SDK does not retry keeps the full budget.
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new RestError('not yet replicated', {
            code: 'PrincipalNotFound',
            statusCode: 400,
          });
        },
        { attempts: 5, baseDelayMs: 1 },
      ),
    ).rejects.toThrow('replicated');
    expect(calls).toBe(5);
  });
});
