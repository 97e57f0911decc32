/*
 * Times as people read them: in the browser's own time zone and locale, and
 * for what ends by itself, how long is left ("ends in 3 h 59 min").
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `6 Dec 2026, 14:36` in the viewer's locale and time zone. */
export function localTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** A span in the two largest units that matter: `2 d 3 h`, `3 h 59 min`, `12 min`. */
export function spanWords(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days > 0) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/** `ends in 3 h 59 min`, or `ended 5 min ago` once it is past. */
export function endsIn(iso: string, now: number = Date.now()): string {
  const left = new Date(iso).getTime() - now;
  return left > 0
    ? `ends in ${spanWords(left)}`
    : `ended ${spanWords(left)} ago`;
}
