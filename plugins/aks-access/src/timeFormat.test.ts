import { endsIn, localTime, spanWords } from './timeFormat';

const NOW = Date.parse('2026-12-06T10:36:34.845Z');

describe('timeFormat', () => {
  it('says how long is left in the two largest units', () => {
    const at = (ms: number) => new Date(NOW + ms).toISOString();
    expect(endsIn(at((3 * 60 + 59) * 60_000 + 30_000), NOW)).toBe(
      'ends in 3 h 59 min',
    );
    expect(endsIn(at(2 * 86_400_000 + 3 * 3_600_000), NOW)).toBe(
      'ends in 2 d 3 h',
    );
    expect(endsIn(at(4 * 3_600_000), NOW)).toBe('ends in 4 h');
    expect(endsIn(at(20_000), NOW)).toBe('ends in less than a minute');
    expect(endsIn(at(-5 * 60_000), NOW)).toBe('ended 5 min ago');
    expect(spanWords(12 * 60_000)).toBe('12 min');
  });

  it('prints a local time without the ISO form', () => {
    const text = localTime('2026-12-06T14:36:34.845Z');
    expect(text).not.toMatch(/T14:36|Z$/);
    expect(text).toMatch(/2026/);
  });
});
