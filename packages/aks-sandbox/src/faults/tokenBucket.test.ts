import { createTokenBucket } from './tokenBucket';

describe('createTokenBucket', () => {
  it('drains, says how long until the next token, and refills with time', () => {
    let now = 0;
    const bucket = createTokenBucket(
      { capacity: 2, refillPerSecond: 0.5 },
      () => now,
    );
    expect(bucket.take()).toEqual({ ok: true, remaining: 1 });
    expect(bucket.take()).toEqual({ ok: true, remaining: 0 });
    expect(bucket.take()).toEqual({ ok: false, retryAfterSeconds: 2 });
    now = 1000;
    expect(bucket.take()).toEqual({ ok: false, retryAfterSeconds: 1 });
    now = 2000;
    expect(bucket.take()).toEqual({ ok: true, remaining: 0 });
  });
});
