import { Option, type Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { MigrationPolicy } from '../../../core/plan/types.js';
import { isValidContext, normalizeContext } from '../../../core/registry/paths.js';

/** Options every migrate command shares (parsed by commander). */
export interface MigrateCommonOptions {
  readonly preserveIds: boolean;
  readonly versions: string;
  readonly includeDeleted?: boolean;
  readonly withReferences: boolean;
  readonly copyConfig: boolean;
  readonly copyContextConfig?: boolean;
  readonly onConflict: string;
  readonly forceImport?: boolean;
  readonly dryRun?: boolean;
  readonly planOut?: string;
  readonly idMap?: string;
  readonly allowEmpty?: boolean;
}

/** Adds the SPEC section 5 options. */
export function addMigrateOptions(command: Command): Command {
  return command
    .option('--preserve-ids', 'copy ids and version numbers through IMPORT mode (default)')
    .option('--no-preserve-ids', 'let the target assign ids and versions (writes the mapping with --id-map)')
    .option('--versions <which>', 'all, latest, or version numbers 1,3,5', 'all')
    .option('--include-deleted', 'copy soft-deleted versions too (registered, then soft-deleted)')
    .option('--with-references', 'migrate referenced subjects too, even outside the scope (default)')
    .option('--no-with-references', 'referenced versions must already be in the target')
    .option('--copy-config', 'copy subject compatibility after the versions (default)')
    .option('--no-copy-config', 'do not copy subject compatibility')
    .option('--copy-context-config', 'copy the compatibility level of each context migrated as a whole, for . the global level (default)')
    .option('--no-copy-context-config', 'leave context and global compatibility levels of the target as they are')
    .addOption(
      new Option('--on-conflict <what>', 'fail: stop before any write; skip: leave conflicting subjects out').choices(['fail', 'skip']).default('fail'),
    )
    .option('--force-import', 'allow IMPORT mode on a target subject that already has versions')
    .option('--dry-run', 'plan only; nothing written')
    .option('--plan-out <file>', 'write the plan (JSON) for `srx migrate apply`')
    .option('--id-map <file>', 'write the source → target id mapping (JSON)')
    .option('--allow-empty', 'a context or subject that matches nothing is not an error');
}

/** The policy from the options. */
export function policyFrom(options: MigrateCommonOptions): MigrationPolicy {
  return {
    preserveIds: options.preserveIds !== false,
    versions: parseVersions(options.versions ?? 'all'),
    includeDeleted: Boolean(options.includeDeleted),
    withReferences: options.withReferences !== false,
    copyConfig: options.copyConfig !== false,
    copyContextConfig: options.copyContextConfig !== false,
    onConflict: options.onConflict === 'skip' ? 'skip' : 'fail',
    forceImport: Boolean(options.forceImport),
    propagateDeletes: false,
  };
}

/** `all`, `latest` or `1,3,5`. */
export function parseVersions(text: string): MigrationPolicy['versions'] {
  const value = text.trim();
  if (value === 'all' || value === 'latest') return value;
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if (numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new UsageError('E_USAGE_OPTION', `--versions must be all, latest or version numbers like 1,3,5, got "${text}"`);
  }
  return numbers;
}

/** A context argument, normalized. */
export function parseContext(text: string, flag = 'context'): string {
  if (!isValidContext(text)) throw new UsageError('E_USAGE_CONTEXT', `invalid ${flag} "${text}"`, 'write contexts as . (default), .team-a or team-a');
  return normalizeContext(text);
}

/** `a,b` → normalized contexts; undefined when not given. */
export function parseContextList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const list = text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => parseContext(c));
  return list.length ? list : undefined;
}
