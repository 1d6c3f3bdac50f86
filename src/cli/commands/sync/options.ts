import { SYNC_DIRECTIONS, type SyncDirection, type SyncPolicy, type SyncScope, UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import { parseScopeText, parseVersions } from '../../options/parsers.js';
import { scopeOf } from '../../options/scope.js';

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
  addFlags(command, [
    'direction',
    'propagateDeletes',
    ['noPreserveIds', 'let the target assign ids and versions (records an id map)'],
    'versions',
    ['includeDeleted', 'copy soft-deleted versions too'],
    ['noWithReferences', 'do not pull referenced subjects in'],
    'noCopyConfig',
    // A sync appends to subjects it synced before, so IMPORT on non-empty target subjects is its normal case.
    'noForceImport',
  ]);
  if (oneShot) {
    addFlags(command, [
      [
        'onConflict',
        { description: 'conflicting subjects: skip (reported, exit 1) or fail (nothing written)', choices: ['skip', 'fail'], defaultValue: 'skip' },
      ],
      'dryRun',
      'allowEmpty',
    ]);
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

/** A --direction value; a UsageError for anything else. */
export function parseDirection(text: string): SyncDirection {
  if ((SYNC_DIRECTIONS as string[]).includes(text)) return text as SyncDirection;
  throw new UsageError('E_USAGE_OPTION', `--direction must be one of ${SYNC_DIRECTIONS.join(', ')}, got "${text}"`);
}

/** A `--scope` and its `--contexts` as the scope of a job (`--contexts` only with --scope registry; a subject scope names a subject). */
export function parseScope(text: string | undefined, contexts?: string): SyncScope {
  const isRegistry = (text ?? 'registry').trim() === 'registry';
  if (!isRegistry && contexts !== undefined) throw new UsageError('E_USAGE_OPTION', '--contexts applies to --scope registry only');
  const spec = parseScopeText(text);
  if (spec.kind === 'registry') {
    const list = scopeOf({ contexts }).contexts;
    return { kind: 'registry', ...(list ? { contexts: list } : {}) };
  }
  if (spec.kind === 'subject' && !spec.subject) throw new UsageError('E_USAGE_OPTION', `--scope "${text}" names no subject`);
  return spec;
}
