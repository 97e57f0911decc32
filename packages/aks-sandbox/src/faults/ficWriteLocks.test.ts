import { createFicWriteLocks } from './ficWriteLocks';

describe('createFicWriteLocks', () => {
  it('lets one write per identity run for the window, case-insensitively', async () => {
    const locks = createFicWriteLocks(50);
    // The window runs from the first write's start, however slow the machine.
    const begun = Date.now();
    expect(locks.tryBegin('/ID/A')).toBe(true);
    expect(locks.tryBegin('/id/a')).toBe(false);
    expect(locks.tryBegin('/id/b')).toBe(true);
    await locks.end('/id/a');
    expect(Date.now() - begun).toBeGreaterThanOrEqual(49);
    expect(locks.tryBegin('/id/a')).toBe(true);
  });

  it('never collides without a window', () => {
    const locks = createFicWriteLocks(undefined);
    expect(locks.tryBegin('/id/a')).toBe(true);
    expect(locks.tryBegin('/id/a')).toBe(true);
  });
});
