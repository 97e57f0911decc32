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

export const whereOf = (
  request: Pick<AccessRequest, 'cluster' | 'namespace'>,
) => `${request.cluster}/${request.namespace}`;
