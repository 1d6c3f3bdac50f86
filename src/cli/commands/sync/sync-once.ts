import { migrationPolicyOf, migrationScopeOf, runSync, type SyncScope, UsageError } from '../../../core/index.js';
import type { CommandContext } from '../../context.js';
import type { Scope, ScopeFlags } from '../../options/scope.js';
import { parseDirection, syncPolicyFrom, type SyncCommonOptions } from './options.js';

/** Options of `sync schema|context|registries`. */
export interface SyncOneShotOptions extends SyncCommonOptions, ScopeFlags {
  readonly contexts?: string;
  readonly subjects?: string;
  readonly exclude?: string;
}

/** A one-shot sync (`sync schema|context|registries`): confirm writes, one core call, the result. */
export async function syncOnce(
  ctx: CommandContext,
  sourceArg: string,
  targetArg: string,
  syncScope: SyncScope,
  scope: Scope,
  options: SyncOneShotOptions,
): Promise<void> {
  const { renderSyncResult } = await import('../../render/sync.js');
  const { sideFor } = await import('./run-job.js');
  const direction = parseDirection(options.direction);
  const policy = syncPolicyFrom(options);
  const [source, target] = [await ctx.resolveRegistry(sourceArg), await ctx.resolveRegistry(targetArg)];
  if (source.name === target.name) throw new UsageError('E_USAGE_REGISTRY', `source and target are the same registry (${source.name})`);
  if (!options.dryRun) {
    if (direction !== 'target-to-source') await ctx.confirmWrite(target, `sync into ${target.name}`);
    if (direction !== 'source-to-target') await ctx.confirmWrite(source, `sync into ${source.name}`);
  }
  const result = await runSync({
    source: sideFor(ctx, source),
    target: sideFor(ctx, target),
    direction,
    scope: migrationScopeOf(syncScope, { subjects: scope.subjects, exclude: scope.exclude }),
    policy: migrationPolicyOf(policy, options.onConflict),
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
