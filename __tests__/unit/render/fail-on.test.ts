import { exitCodeOf, parseFailOn } from '../../../src/cli/commands/compare/fail-on.js';
import { UsageError } from '../../../src/core/errors.js';

describe('--fail-on', () => {
  const found = { missing: true, conflicts: false, differences: true, breaking: false };

  it('without it, the command\'s usual exit code', () => {
    expect(exitCodeOf(found, parseFailOn(undefined), 1)).toBe(1);
    expect(exitCodeOf(found, parseFailOn(undefined), 0)).toBe(0);
  });

  it('exit 1 only when a selected kind was found', () => {
    expect(exitCodeOf(found, parseFailOn('breaking'), 1)).toBe(0);
    expect(exitCodeOf(found, parseFailOn('breaking,missing'), 0)).toBe(1);
    expect(exitCodeOf({ ...found, breaking: true }, parseFailOn(' breaking '), 0)).toBe(1);
  });

  it('an unknown or empty kind is a usage error', () => {
    expect(() => parseFailOn('breaking,typo')).toThrow(UsageError);
    expect(() => parseFailOn('')).toThrow('--fail-on: unknown kind ""');
  });
});
