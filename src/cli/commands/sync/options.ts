import { Option, type Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { MigrationPolicy } from '../../../core/plan/types.js';
import { isValidContext, normalizeContext, parseQualifiedSubject } from '../../../core/registry/paths.js';
import { SYNC_DIRECTIONS, type SyncDirection, type SyncPolicy, type SyncScope } from '../../../core/sync/types.js';

/** Options every sync command shares (parsed by commander). */
export interface SyncCommonOptions {
  readonly direction: string;
  readonly propagateDeletes?: boolean;
  readonly preserveIds: boolean;
  readonly versions: string;
  readonly includeDeleted?: boolean;
  readonly withReferences: boolean;
  readonly copyConfig: boolean;
  readonly onConflict?: string;
  readonly forceImport: boolean;
  readonly dryRun?: boolean;
  readonly allowEmpty?: boolean;
}

/** Adds --direction, --propagate-deletes and the migration options that apply to a sync (scheduled jobs: no --dry-run, conflicts always skipped). */
export function addSyncOptions(command: Command, { oneShot = true } = {}): Command {
  command
    .addOption(new Option('--direction <direction>', 'which way to copy').choices(SYNC_DIRECTIONS as string[]).default('source-to-target'))
    .option('--propagate-deletes', 'soft-delete in the target what the source soft-deleted')
    .option('--no-preserve-ids', 'let the target assign ids and versions (records an id map)')
    .option('--versions <which>', 'all, latest, or version numbers 1,3,5', 'all')
    .option('--include-deleted', 'copy soft-deleted versions too')
    .option('--no-with-references', 'do not pull referenced subjects in')
    .option('--no-copy-config', 'do not copy subject compatibility')
    // A sync appends to subjects it synced before, so IMPORT on non-empty target subjects is its normal case.
    .option('--no-force-import', 'refuse IMPORT mode on a target subject that already has versions (default for sync: allowed)');
  if (oneShot) {
    command
      .addOption(
        new Option('--on-conflict <what>', 'conflicting subjects: skip (reported, exit 1) or fail (nothing written)').choices(['skip', 'fail']).default('skip'),
      )
      .option('--dry-run', 'plan only; nothing written')
      .option('--allow-empty', 'a context or subject that matches nothing is not an error');
  }
  return command;
}

/** The policy of a sync from its options. */
export function syncPolicyFrom(options: SyncCommonOptions): SyncPolicy {
  return {
    preserveIds: options.preserveIds,
    versions: parseVersions(options.versions),
    includeDeleted: Boolean(options.includeDeleted),
    withReferences: options.withReferences,
    copyConfig: options.copyConfig,
    forceImport: options.forceImport !== false,
    propagateDeletes: Boolean(options.propagateDeletes),
  };
}

/** A full migration policy: the sync policy and what to do on conflicts. */
export function migrationPolicyFrom(policy: SyncPolicy, onConflict: string | undefined): MigrationPolicy {
  return { ...policy, onConflict: onConflict === 'fail' ? 'fail' : 'skip' };
}

/** A --direction value; a UsageError for anything else. */
export function parseDirection(text: string): SyncDirection {
  if ((SYNC_DIRECTIONS as string[]).includes(text)) return text as SyncDirection;
  throw new UsageError('E_USAGE_OPTION', `--direction must be one of ${SYNC_DIRECTIONS.join(', ')}, got "${text}"`);
}

/** `all`, `latest` or `1,3,5`. */
export function parseVersions(text: string): SyncPolicy['versions'] {
  const value = text.trim();
  if (value === 'all' || value === 'latest') return value;
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new UsageError('E_USAGE_OPTION', `--versions must be all, latest or version numbers like 1,3,5, got "${text}"`);
  }
  return numbers;
}

/** A context argument, normalized; a UsageError for an invalid one. */
export function parseContext(text: string): string {
  if (!isValidContext(text)) throw new UsageError('E_USAGE_CONTEXT', `invalid context "${text}"`, 'write contexts as . (default), .team-a or team-a');
  return normalizeContext(text);
}

/** `--contexts a,b` → normalized contexts (undefined: every context). */
export function parseContexts(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const contexts = text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .map(parseContext);
  return contexts.length ? contexts : undefined;
}

/** `registry`, `context:<ctx>`, `subject:<name>` (a qualified `:.ctx:name` names another context). */
export function parseScope(text: string | undefined, contexts?: string): SyncScope {
  const value = (text ?? 'registry').trim();
  if (value === 'registry') return { kind: 'registry', ...(parseContexts(contexts) ? { contexts: parseContexts(contexts) } : {}) };
  if (contexts !== undefined) throw new UsageError('E_USAGE_OPTION', '--contexts applies to --scope registry only');
  if (value.startsWith('context:') && value.length > 'context:'.length) return { kind: 'context', context: parseContext(value.slice('context:'.length)) };
  if (value.startsWith('subject:') && value.length > 'subject:'.length) {
    const { context, subject } = parseQualifiedSubject(value.slice('subject:'.length));
    if (!subject) throw new UsageError('E_USAGE_OPTION', `--scope "${text}" names no subject`);
    return { kind: 'subject', context, subject };
  }
  throw new UsageError('E_USAGE_OPTION', `invalid --scope "${text}"`, 'use registry, context:<ctx> or subject:<name>');
}
