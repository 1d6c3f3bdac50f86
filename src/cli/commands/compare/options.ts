import type { CompareOptions, SnapshotSource } from '../../../core/index.js';
import type { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { addFlags } from '../../options/flags.js';
import { scopeOf, type ScopeFlags } from '../../options/scope.js';
import { withFormat } from '../../output-format.js';

/** Raw compare flags as commander parses them. */
export interface CompareFlags extends ScopeFlags {
  readonly compareConfig?: boolean;
  readonly failOn?: string;
  readonly verifyWithRegistry?: boolean;
  readonly ignoreIds?: boolean;
}

/** Adds the common compare options (SPEC section 4). */
export function withScopeOptions(command: Command, { config = true } = {}): Command {
  addFlags(withFormat(command), [
    'context',
    'targetContext',
    ['subjects', { description: 'only subjects matching these globs (comma-separated; * and ?)', repeatable: true }],
    ['exclude', { description: 'skip subjects matching these globs', repeatable: true }],
    'includeDeleted',
    ['allowEmpty', 'a --context or --subjects glob that matches nothing is not an error'],
    'ignoreIds',
  ]);
  if (config) addFlags(command, ['noConfig']);
  return command;
}

/** Parsed compare options for core. */
export function compareOptionsOf(ctx: CommandContext, flags: CompareFlags): CompareOptions {
  const scope = scopeOf(flags, { context: '--context', targetContext: '--target-context' });
  return {
    context: scope.context,
    targetContext: scope.targetContext,
    subjects: scope.subjects ?? [],
    exclude: scope.exclude ?? [],
    includeDeleted: scope.includeDeleted,
    includeConfig: flags.compareConfig !== false,
    concurrency: ctx.global.concurrency,
    progress: ctx.progress(),
    allowEmpty: scope.allowEmpty,
    ignoreIds: Boolean(flags.ignoreIds),
  };
}

/** Both registry arguments resolved, as snapshot sources (sources.js is loaded only when a compare runs). */
export async function snapshotSourcesOf(ctx: CommandContext, sourceArg: string, targetArg: string): Promise<[SnapshotSource, SnapshotSource]> {
  const { snapshotSourceFor } = await import('../../sources.js');
  const [source, target] = await Promise.all([ctx.resolveRegistry(sourceArg), ctx.resolveRegistry(targetArg)]);
  return [snapshotSourceFor(ctx, source), snapshotSourceFor(ctx, target)];
}
