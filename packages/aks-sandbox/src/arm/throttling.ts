import type { FaultConfig } from '../context';
import { createKeyedTokenBuckets, pickRandomServerError } from '../faults';
import { ArmError } from './errors';

/** What ARM reports as remaining when no throttle is configured: its usual hourly allowance. */
const DEFAULT_REMAINING = { reads: 11999, writes: 1199 };

/**
 * ARM's per-subscription throttle and transient failures. Returns the
 * `x-ms-ratelimit-remaining-subscription-*` header for an admitted request.
 */
export function createArmThrottle(faults: FaultConfig) {
  const bucketFor = createKeyedTokenBuckets(faults.armThrottle);
  return (
    subscriptionId: string,
    callerOid: string,
    isWrite: boolean,
  ): Record<string, string> => {
    const kind = isWrite ? 'writes' : 'reads';
    const header = `x-ms-ratelimit-remaining-subscription-${kind}`;
    const bucket = bucketFor(subscriptionId.toLowerCase());
    const taken = bucket?.take();
    if (taken && !taken.ok) {
      throw new ArmError(
        429,
        'SubscriptionRequestsThrottled',
        `Number of '${
          isWrite ? 'write' : 'read'
        }' requests for subscription '${subscriptionId}' actor '${callerOid}' exceeded. Please try again after '${
          taken.retryAfterSeconds
        }' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`,
        { 'retry-after': String(taken.retryAfterSeconds), [header]: '0' },
      );
    }
    const serverError = pickRandomServerError(faults);
    if (serverError === 500) {
      throw new ArmError(
        500,
        'InternalServerError',
        'Encountered internal server error. Diagnostic information: please retry the request.',
      );
    }
    if (serverError === 503) {
      throw new ArmError(
        503,
        'ServiceUnavailable',
        'The service is temporarily unavailable. Please retry the request.',
        { 'retry-after': '1' },
      );
    }
    return {
      [header]: String(taken?.ok ? taken.remaining : DEFAULT_REMAINING[kind]),
    };
  };
}
