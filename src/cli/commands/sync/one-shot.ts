import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { runSync, syncExitCode } from '../../../core/operations/sync.js';
import { nothingWrittenExitCode } from '../../exit-codes.js';
import { parseGlobList } from '../../../core/snapshot/glob.js';
import { migrationScopeOf } from '../../../core/sync/scope.js';
import type { SyncScope } from '../../../core/sync/types.js';
import type { CommandContext } from '../../context.js';
import type { ActionRunner } from '../../program.js';
import { renderSyncResult } from '../../render/sync.js';
import { addSyncOptions, migrationPolicyFrom, parseContext, parseContexts, parseDirection, syncPolicyFrom, type SyncCommonOptions } from './options.js';
import { endpointFor } from './run-job.js';
import { parseQualifiedSubject } from '../../../core/registry/paths.js';

/** Options of `sync schema|context|registries`. */
export interface SyncOneShotOptions extends SyncCommonOptions {
  readonly contexts?: string;
  readonly subjects?: string;
  readonly exclude?: string;
}

/** Registers the one-shot syncs: schema, context, registries. */
export function registerOneShot(sync: Command, run: ActionRunner): void {
  addSyncOptions(sync.command('schema <subject> <source> <target>').description('sync one subject (`:.ctx:name` for another context)'))
    .action(run(async (ctx, subject: string, source: string, target: string, options: SyncOneShotOptions) => {
      const { context, subject: name } = parseQualifiedSubject(subject);
      if (!name) throw new UsageError('E_USAGE_SUBJECT', 'the subject name is empty');
      await syncOnce(ctx, source, target, { kind: 'subject', context, subject: name }, options);
    }));
  addSyncOptions(sync.command('context <context> <source> <target>').description('sync one context'))
    .option('--subjects <globs>', 'only these subjects (comma-separated globs)')
    .option('--exclude <globs>', 'leave these subjects out')
    .action(run(async (ctx, context: string, source: string, target: string, options: SyncOneShotOptions) => {
      await syncOnce(ctx, source, target, { kind: 'context', context: parseContext(context) }, options);
    }));
  addSyncOptions(sync.command('registries <source> <target>').description('sync whole registries (every context unless --contexts)'))
    .option('--contexts <list>', 'only these contexts (comma-separated)')
    .option('--subjects <globs>', 'only these subjects (comma-separated globs)')
    .option('--exclude <globs>', 'leave these subjects out')
    .action(run(async (ctx, source: string, target: string, options: SyncOneShotOptions) => {
      const contexts = parseContexts(options.contexts);
      await syncOnce(ctx, source, target, { kind: 'registry', ...(contexts ? { contexts } : {}) }, options);
    }));
}

async function syncOnce(ctx: CommandContext, sourceArg: string, targetArg: string, scope: SyncScope, options: SyncOneShotOptions): Promise<void> {
  const direction = parseDirection(options.direction);
  const policy = syncPolicyFrom(options);
  const [source, target] = [await ctx.resolveRegistry(sourceArg), await ctx.resolveRegistry(targetArg)];
  if (source.name === target.name) throw new UsageError('E_USAGE_REGISTRY', `source and target are the same registry (${source.name})`);
  if (!options.dryRun) {
    if (direction !== 'target-to-source') await ctx.confirmWrite(target, `sync into ${target.name}`);
    if (direction !== 'source-to-target') await ctx.confirmWrite(source, `sync into ${source.name}`);
  }
  const result = await runSync({
    source: endpointFor(ctx, source),
    target: endpointFor(ctx, target),
    direction,
    scope: migrationScopeOf(scope, { subjects: parseGlobList(options.subjects), exclude: parseGlobList(options.exclude) }),
    policy: migrationPolicyFrom(policy, options.onConflict),
    dryRun: Boolean(options.dryRun),
    redact: (text) => ctx.redactor.redact(text),
    stateDir: ctx.stateDir(),
    progress: ctx.progress(),
    signal: ctx.signal,
    concurrency: ctx.global.concurrency,
    allowEmpty: Boolean(options.allowEmpty),
  });
  ctx.emit(result, renderSyncResult, exitCodeOf(result));
}

/** syncExitCode, except that a run whose steps failed without writing anything is a refusal (2) or unreachable (3). */
function exitCodeOf(result: Awaited<ReturnType<typeof runSync>>): number {
  if (result.status !== 'failed' || result.summary.failed === 0) return syncExitCode(result);
  return nothingWrittenExitCode(result.migrations.flatMap((m) => m.steps.filter((s) => s.status === 'failed').map((s) => ({ code: s.error?.code, errorCode: s.error?.errorCode }))));
}
