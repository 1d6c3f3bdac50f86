import { UsageError } from '../../../core/errors.js';
import { isValidContext, normalizeContext } from '../../../core/registry/paths.js';

/** `a,b` → ['a','b'] (undefined when not given). */
export function listOption(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** `--context a,b` → normalized contexts; a UsageError for an invalid one. */
export function contextsOption(text: string | undefined): string[] | undefined {
  return listOption(text)?.map((context) => {
    if (!isValidContext(context)) throw new UsageError('E_USAGE_CONTEXT', `invalid context "${context}"`, 'write contexts as . (default), .team-a or team-a');
    return normalizeContext(context);
  });
}

/** `exportedAt` from SOURCE_DATE_EPOCH (reproducible builds convention), else undefined. */
export function sourceDateEpoch(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError('E_USAGE_ENV', `SOURCE_DATE_EPOCH must be seconds since 1970, got "${raw}"`);
  return new Date(Number(raw) * 1000).toISOString();
}
