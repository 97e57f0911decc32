import { z } from 'zod/v3';

const UNITS = {
  W: 7 * 86400,
  D: 86400,
  H: 3600,
  M: 60,
  S: 1,
} as const;

/**
 * An ISO 8601 duration of weeks, days, hours, minutes and seconds, in
 * seconds (`PT4H` → 14400, `P30D` → 2592000). Years and months have no fixed
 * length, so they are refused rather than guessed at.
 */
export function parseIsoDuration(text: string): number | undefined {
  const match =
    /^P(?:(\d{1,4})W)?(?:(\d{1,5})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,7})M)?(?:(\d{1,9})S)?)?$/.exec(
      text,
    );
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, w, d, h, m, s] = match;
  const seconds =
    Number(w ?? 0) * UNITS.W +
    Number(d ?? 0) * UNITS.D +
    Number(h ?? 0) * UNITS.H +
    Number(m ?? 0) * UNITS.M +
    Number(s ?? 0) * UNITS.S;
  return seconds > 0 ? seconds : undefined;
}

/** An ISO 8601 duration such as `PT4H` or `P30D`, as its text. */
export const isoDurationSchema = z
  .string()
  .max(40)
  .refine(v => parseIsoDuration(v) !== undefined, {
    message:
      'must be a positive ISO 8601 duration in weeks, days, hours, minutes or seconds, e.g. PT4H or P30D (years and months have no fixed length)',
  });
