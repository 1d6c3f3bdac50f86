import { Option, type Command } from 'commander';
import type { CompareOptions } from '../../../core/operations/compare-types.js';
import { UsageError } from '../../../core/errors.js';
import { isValidContext } from '../../../core/registry/paths.js';
import { parseGlobList } from '../../../core/snapshot/glob.js';
import type { CommandContext } from '../../context.js';
import { withFormat } from '../../output-format.js';

/** Raw scope flags as commander parses them. */
export interface CompareFlags {
  readonly context?: string;
  readonly targetContext?: string;
  readonly subjects?: string[];
  readonly exclude?: string[];
  readonly includeDeleted?: boolean;
  readonly compareConfig?: boolean;
  readonly failOn?: string;
  readonly verifyWithRegistry?: boolean;
  readonly allowEmpty?: boolean;
  readonly ignoreIds?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the common compare options (SPEC section 4). */
export function withScopeOptions(command: Command, { config = true } = {}): Command {
  withFormat(command)
    .option('--context <ctx>', 'compare this context only (`.` is the default context)')
    .option('--target-context <ctx>', 'target context to compare it with (default: the same name)')
    .option('--subjects <globs>', 'only subjects matching these globs (comma-separated; * and ?)', collect)
    .option('--exclude <globs>', 'skip subjects matching these globs', collect)
    .option('--include-deleted', 'include soft-deleted versions')
    .option('--allow-empty', 'a --context or --subjects glob that matches nothing is not an error')
    .option('--ignore-ids', 'content only: ids that differ are info, not differences or id collisions');
  if (config) command.addOption(new Option('--no-config', 'do not compare compatibility and mode'));
  return command;
}

/** Parsed compare options for core. */
export function compareOptionsOf(ctx: CommandContext, flags: CompareFlags): CompareOptions {
  return {
    context: checkedContext(flags.context, '--context'),
    targetContext: checkedContext(flags.targetContext, '--target-context'),
    subjects: parseGlobList(flags.subjects),
    exclude: parseGlobList(flags.exclude),
    includeDeleted: Boolean(flags.includeDeleted),
    includeConfig: flags.compareConfig !== false,
    concurrency: ctx.global.concurrency,
    progress: ctx.progress(),
    allowEmpty: Boolean(flags.allowEmpty),
    ignoreIds: Boolean(flags.ignoreIds),
  };
}

/** A context flag as given, or a UsageError before any request (the registry would answer 422). */
function checkedContext(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && !isValidContext(value))
    throw new UsageError('E_USAGE_CONTEXT', `invalid ${flag} "${value}"`, 'write contexts as . (default), .team-a or team-a');
  return value;
}
