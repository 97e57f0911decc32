import type { AccessRequest } from '@aks-access/plugin-aks-access-common';

/** The durations the request dialog offers; any other ISO 8601 duration can be typed. */
export const DURATION_PRESETS: ReadonlyArray<{ value: string; label: string }> =
  [
    { value: 'PT1H', label: '1 hour' },
    { value: 'PT4H', label: '4 hours' },
    { value: 'PT8H', label: '8 hours' },
    { value: 'P1D', label: '1 day' },
    { value: 'P7D', label: '7 days' },
  ];

/** `PT4H (4 hours)`; an uncommon duration as it was requested. */
export function durationLabel(duration: string): string {
  const preset = DURATION_PRESETS.find(p => p.value === duration);
  return preset ? `${duration} (${preset.label})` : duration;
}

export const localTime = (iso: string) => new Date(iso).toLocaleString();

export const whereOf = (
  request: Pick<AccessRequest, 'cluster' | 'namespace'>,
) => `${request.cluster}/${request.namespace}`;

/** One line on what became of a request, and who made it so. */
export function requestOutcome(request: AccessRequest): string {
  const by = (who?: string, at?: string) =>
    [who && `by ${who}`, at && `at ${localTime(at)}`].filter(Boolean).join(' ');
  switch (request.state) {
    case 'pending':
      return request.pendingUntil
        ? `waiting for approval until ${localTime(request.pendingUntil)}`
        : 'waiting for approval';
    case 'approved':
      return [
        `approved ${by(request.decidedBy, request.decidedAt)}`,
        request.expiresAt && `active until ${localTime(request.expiresAt)}`,
        request.alreadyPermanent && 'already held permanently',
      ]
        .filter(Boolean)
        .join('; ');
    case 'denied':
      return `denied ${by(request.decidedBy, request.decidedAt)}`;
    case 'expired':
      return request.decidedAt
        ? `approved ${by(request.decidedBy, request.decidedAt)}; expired${
            request.expiresAt ? ` at ${localTime(request.expiresAt)}` : ''
          }`
        : `not decided in time${
            request.pendingUntil
              ? ` (by ${localTime(request.pendingUntil)})`
              : ''
          }`;
    case 'cancelled':
      return `cancelled ${by(request.endedBy, request.endedAt)}`;
    case 'revoked':
      return `ended early ${by(request.endedBy, request.endedAt)}`;
    default:
      return request.state;
  }
}
