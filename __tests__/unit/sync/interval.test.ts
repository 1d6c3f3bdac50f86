import { formatInterval, parseInterval } from '../../../src/core/sync/interval.js';
import { UsageError } from '../../../src/core/errors.js';

describe('parseInterval', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    [' 2M ', 120_000],
    ['1500ms', 1_500],
  ])('%s → %d ms', (text, ms) => {
    expect(parseInterval(text)).toBe(ms);
  });

  it.each(['', '5', 'm5', '5 minutes', '-5s', '1.5h', '500ms', '0s', 'abc'])('refuses %p with a UsageError', (text) => {
    expect(() => parseInterval(text)).toThrow(UsageError);
  });

  it('formats back', () => {
    expect(formatInterval(5_400_000)).toBe('1h30m');
    expect(formatInterval(30_000)).toBe('30s');
    expect(formatInterval(parseInterval('1d2h3m4s'))).toBe('1d2h3m4s');
  });
});
