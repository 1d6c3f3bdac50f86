import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { parseQualifiedSubject } from '../../../core/registry/paths.js';
import type { SyncScope } from '../../../core/sync/types.js';
import type { CommandContext } from '../../context.js';
import { addFlags } from '../../options/flags.js';
import { parseContext } from '../../options/parsers.js';
import { scopeOf, type Scope, type ScopeFlags } from '../../options/scope.js';
import type { ActionRunner } from '../../program.js';
import { addSyncOptions, migrationPolicyFrom, parseDirection, syncPolicyFrom, type SyncCommonOptions } from './options.js';

/** Options of `sync schema|context|registries`. */
export interface SyncOneShotOptions extends SyncCommonOptions, ScopeFlags {
  readonly contexts?: string;
  readonly subjects?: string;
  readonly exclude?: string;
}

/** Registers the one-shot syncs: schema, context, registries. */
export function registerOneShot(sync: Command, run: ActionRunner): void {
  addSyncOptions(sync.command('schema <subject> <source> <target>').description('sync one subject (`:.ctx:name` for another context)')).action(
    run(async (ctx, subject: string, source: string, target: string, options: SyncOneShotOptions) => {
      const { context, subject: name } = parseQualifiedSubject(subject);
      if (!name) throw new UsageError('E_USAGE_SUBJECT', 'the subject name is empty');
      await syncOnce(ctx, source, target, { kind: 'subject', context, subject: name }, scopeOf(options), options);
    }),
  );
  addFlags(addSyncOptions(sync.command('context <context> <source> <target>').description('sync one context')), ['subjects', 'exclude']).action(
    run(async (ctx, context: string, source: string, target: string, options: SyncOneShotOptions) => {
      await syncOnce(ctx, source, target, { kind: 'context', context: parseContext(context) }, scopeOf(options), options);
    }),
  );
  const registries = addSyncOptions(sync.command('registries <source> <target>').description('sync whole registries (every context unless --contexts)'));
  addFlags(registries, ['contexts', 'subjects', 'exclude']).action(
    run(async (ctx, source: string, target: string, options: SyncOneShotOptions) => {
      const scope = scopeOf(options);
      await syncOnce(ctx, source, target, { kind: 'registry', ...(scope.contexts ? { contexts: scope.contexts } : {}) }, scope, options);
    }),
  );
}

async function syncOnce(
  ctx: CommandContext,
  sourceArg: string,
  targetArg: string,
  syncScope: SyncScope,
  scope: Scope,
  options: SyncOneShotOptions,
): Promise<void> {
  const { runSync } = await import('../../../core/operations/sync.js');
  const { migrationScopeOf } = await import('../../../core/sync/scope.js');
  const { renderSyncResult } = await import('../../render/sync.js');
  const { endpointFor } = await import('./run-job.js');
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
    scope: migrationScopeOf(syncScope, { subjects: scope.subjects, exclude: scope.exclude }),
    policy: migrationPolicyFrom(policy, options.onConflict),
    dryRun: Boolean(options.dryRun),
    redact: (text) => ctx.redactor.redact(text),
    stateDir: ctx.stateDir(),
    progress: ctx.progress(),
    signal: ctx.signal,
    concurrency: ctx.global.concurrency,
    allowEmpty: scope.allowEmpty,
  });
  ctx.emit(result, renderSyncResult);
}
