import { UsageError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+)(ms|s|m|h|d)/g;
const WHOLE = /^(?:\d+(?:ms|s|m|h|d))+$/;

/** Minimum interval between the starts of two runs. */
export const MIN_INTERVAL_MS = 1_000;

/** Parses `30s`, `5m`, `1h`, `1h30m` into milliseconds; anything else is a UsageError (exit 2). */
export function parseInterval(text: string | undefined): number {
  const value = (text ?? '').trim().toLowerCase();
  if (!WHOLE.test(value)) {
    throw new UsageError('E_USAGE_INTERVAL', `invalid --interval "${text ?? ''}"`, 'use a number with a unit: 30s, 5m, 1h (or combined: 1h30m)');
  }
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit!]!;
  if (ms < MIN_INTERVAL_MS) throw new UsageError('E_USAGE_INTERVAL', `--interval "${text}" is shorter than 1s`, 'use 1s or more');
  return ms;
}

/** `90000` → `1m30s`; the inverse of parseInterval for whole seconds. */
export function formatInterval(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  let rest = Math.round(ms / 1_000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}
