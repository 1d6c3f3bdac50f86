import { type MigrationPolicy, type MigrationScope, normalizeContext } from '../../../core/index.js';
import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import { parseVersions } from '../../options/parsers.js';
import type { Scope, ScopeFlags } from '../../options/scope.js';

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

/** Options of `migrate schema|context|registry|subjects`. */
export interface MigrateScopedOptions extends MigrateCommonOptions, ScopeFlags {
  readonly sourceContext?: string;
  readonly subjects?: string;
  readonly exclude?: string;
  readonly fromFile?: string;
}

/** How migrate names its context flags in errors. */
export const MIGRATE_WORDING = { context: '--context', targetContext: '--target-context' };

/** Adds the SPEC section 5 options. */
export function addMigrateOptions(command: Command): Command {
  return addFlags(command, [
    'preserveIds',
    'noPreserveIds',
    'versions',
    ['includeDeleted', 'copy soft-deleted versions too (registered, then soft-deleted)'],
    'withReferences',
    'noWithReferences',
    'copyConfig',
    'noCopyConfig',
    'copyContextConfig',
    'noCopyContextConfig',
    'onConflict',
    'forceImport',
    'dryRun',
    'planOut',
    'idMap',
    'allowEmpty',
  ]);
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

/** The migration scope of a parsed scope: its contexts (the command's own when given), globs and target context. */
export function toMigrationScope(scope: Scope, contexts = scope.contexts): MigrationScope {
  return {
    contexts,
    ...(scope.subjects ? { subjects: scope.subjects } : {}),
    ...(scope.exclude ? { exclude: scope.exclude } : {}),
    // An empty --target-context is no target context, as it always was.
    ...(scope.targetContext ? { targetContext: normalizeContext(scope.targetContext) } : {}),
  };
}
