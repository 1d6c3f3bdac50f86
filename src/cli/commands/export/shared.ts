import { UsageError } from '../../../core/index.js';
import { scopeOf, type Scope } from '../../options/scope.js';

/** The scope flags of export and import: `--context` takes a list there (`--context ., .team-a`). */
export interface ExportScopeFlags {
  readonly context?: string;
  readonly subjects?: string;
  readonly exclude?: string;
  readonly includeDeleted?: boolean;
  readonly allowEmpty?: boolean;
}

/** The parsed scope of an export or import; its `--context` list is the scope's contexts. */
export function exportScopeOf(flags: ExportScopeFlags): Scope {
  const { context, subjects, exclude, includeDeleted, allowEmpty } = flags;
  return scopeOf({ contexts: context, subjects, exclude, includeDeleted, allowEmpty });
}

/** `exportedAt` from SOURCE_DATE_EPOCH (reproducible builds convention), else undefined. */
export function sourceDateEpoch(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError('E_USAGE_ENV', `SOURCE_DATE_EPOCH must be seconds since 1970, got "${raw}"`);
  return new Date(Number(raw) * 1000).toISOString();
}
