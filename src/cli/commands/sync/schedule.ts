import { describeJob, newSyncJobId, parseInterval, registerSyncJob, type SyncJobDefinition, type SyncJobStore, UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import { addServiceOptions, serviceOptionsNeedForeground, type ServiceOptions } from './service-options.js';
import type { CommandContext } from '../../context.js';
import { addFlags } from '../../options/flags.js';
import type { ActionRunner } from '../../program.js';
import { addSyncOptions, parseDirection, parseScope, syncPolicyFrom, type SyncCommonOptions } from './options.js';

/** Options of `sync schedule`. */
export interface SyncScheduleOptions extends SyncCommonOptions {
  readonly scope?: string;
  readonly contexts?: string;
  readonly interval?: string;
  readonly foreground?: boolean;
}

/** The options `sync schedule` and `sync serve` share. */
export function scheduleCommand(command: Command, withForeground = true): Command {
  addFlags(addSyncOptions(command, { oneShot: false }), ['scope', ['contexts', 'with --scope registry: only these contexts']]).requiredOption(
    '--interval <duration>',
    'time between run starts: 30s, 5m, 1h',
  );
  if (withForeground) command.option('--foreground', 'run in this process until SIGTERM/SIGINT (containers; see also `srx sync serve`)');
  return addServiceOptions(command);
}

/** Registers `sync schedule`. */
export function registerSchedule(sync: Command, run: ActionRunner): void {
  scheduleCommand(
    sync.command('schedule <source> <target>').description('keep target in sync: a background job (or --foreground) running a sync every interval'),
  ).action(
    run(async (ctx, source: string, target: string, options: SyncScheduleOptions & ServiceOptions) => {
      const { scheduleJob, serveJob } = await import('./serve-job.js');
      const { spawnWorker } = await import('./spawn-worker.js');
      const { renderSyncScheduled } = await import('../../render/sync.js');
      serviceOptionsNeedForeground(options);
      const { job, store } = await scheduleJob(ctx, source, target, options);
      if (job.foreground) {
        await serveJob(ctx, store, job, options);
        return;
      }
      await spawnWorker(ctx, store, job);
      ctx.emit({ kind: 'sync-job', ...describeJob(store, job) }, renderSyncScheduled);
    }),
  );
}

/** Defines the job, stores it and takes its lock (refused when another job syncs the same pair and scope). */
export async function defineAndLockJob(
  ctx: CommandContext,
  store: SyncJobStore,
  source: string,
  target: string,
  options: SyncScheduleOptions,
): Promise<SyncJobDefinition> {
  const job = await defineJob(ctx, source, target, options);
  await registerSyncJob(store, job);
  return job;
}

async function defineJob(ctx: CommandContext, sourceArg: string, targetArg: string, options: SyncScheduleOptions): Promise<SyncJobDefinition> {
  const { storedName } = await import('./spawn-worker.js');
  const intervalMs = parseInterval(options.interval);
  const direction = parseDirection(options.direction);
  const scope = parseScope(options.scope, options.contexts);
  const [source, target] = [await ctx.resolveRegistry(sourceArg), await ctx.resolveRegistry(targetArg)];
  if (source.name === target.name) throw new UsageError('E_USAGE_REGISTRY', `source and target are the same registry (${source.name})`);
  if (direction !== 'target-to-source') await ctx.confirmWrite(target, `scheduled sync into ${target.name}`);
  if (direction !== 'source-to-target') await ctx.confirmWrite(source, `scheduled sync into ${source.name}`);
  return {
    id: newSyncJobId(),
    source: storedName(source),
    target: storedName(target),
    scope,
    direction,
    intervalMs,
    policy: syncPolicyFrom(options),
    createdAt: new Date().toISOString(),
    cwd: ctx.deps.cwd,
    ...(ctx.global.config ? { configFile: ctx.global.config } : {}),
    foreground: Boolean(options.foreground),
  };
}
