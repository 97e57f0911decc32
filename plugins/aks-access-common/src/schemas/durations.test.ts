import { isoDurationSchema, parseIsoDuration } from './durations';

describe('parseIsoDuration', () => {
  it.each([
    ['PT4H', 4 * 3600],
    ['P30D', 30 * 86400],
    ['P1W', 7 * 86400],
    ['P1DT12H', 36 * 3600],
    ['PT90M', 5400],
    ['PT45S', 45],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseIsoDuration(text)).toBe(seconds);
  });

  it.each([
    '',
    'P',
    'PT',
    'P1DT',
    'PT0H',
    'P1Y',
    'P2M',
    '4h',
    'PT-1H',
    'PT1.5H',
    ' PT4H',
  ])('refuses %j', text => {
    expect(parseIsoDuration(text)).toBeUndefined();
    expect(isoDurationSchema.safeParse(text).success).toBe(false);
  });
});
