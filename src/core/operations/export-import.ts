import { UsageError } from '../errors.js';
import { DEFAULT_POLICY, type MigrationPolicy, type MigrationResult, type VersionsPolicy } from '../migrate/types.js';

/** The migrate options `srx import` takes (as commander parses them). */
export interface ImportPolicyOptions {
  readonly preserveIds: boolean;
  readonly versions: string;
  readonly includeDeleted?: boolean;
  readonly withReferences: boolean;
  readonly copyConfig: boolean;
  readonly onConflict: string;
  readonly forceImport?: boolean;
}

/** The migration policy of an import (SPEC section 5 defaults). */
export function importPolicyFrom(options: ImportPolicyOptions): MigrationPolicy {
  return {
    ...DEFAULT_POLICY,
    preserveIds: options.preserveIds,
    versions: parseVersions(options.versions),
    includeDeleted: Boolean(options.includeDeleted),
    withReferences: options.withReferences,
    copyConfig: options.copyConfig,
    onConflict: options.onConflict === 'skip' ? 'skip' : 'fail',
    forceImport: Boolean(options.forceImport),
  };
}

function parseVersions(text: string): VersionsPolicy {
  const value = text.trim();
  if (value === 'all' || value === 'latest') return value;
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if (numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new UsageError('E_USAGE_OPTION', `--versions must be all, latest or version numbers like 1,3,5, got "${text}"`);
  }
  return numbers;
}

/** Exit code of an import: 0 done, 1 conflicts, 4 partial or failed writes, 130 interrupted. */
export function importExitCode(result: MigrationResult): number {
  if (result.status === 'interrupted') return 130;
  if (result.status === 'partial') return 4;
  if (result.status === 'failed') return result.summary.failed > 0 ? 4 : 1;
  return result.conflicts.length > 0 ? 1 : 0;
}
