import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { ensureDir } from '../../../core/state/state-dir.js';
import { parseInterval } from '../../../core/sync/interval.js';
import { describeJob } from '../../../core/sync/job-status.js';
import { jobLockKey, newSyncJobId, SyncJobStore } from '../../../core/sync/job-store.js';
import { processStartTime } from '../../../core/sync/process-info.js';
import { duplicateJobError, isJobActive } from '../../../core/sync/run-sync-job.js';
import type { SyncJobDefinition } from '../../../core/sync/types.js';
import type { CommandContext, RegistryHandle } from '../../context.js';
import type { ActionRunner } from '../../program.js';
import { renderSyncScheduled, renderSyncStatus } from '../../render/sync.js';
import { addSyncOptions, parseDirection, parseScope, syncPolicyFrom, type SyncCommonOptions } from './options.js';
import { runJobHere } from './run-job.js';

/** Options of `sync schedule`. */
export interface SyncScheduleOptions extends SyncCommonOptions {
  readonly scope?: string;
  readonly contexts?: string;
  readonly interval?: string;
  readonly foreground?: boolean;
}

const BIN = fileURLToPath(new URL('../../../../bin/srx.js', import.meta.url));

/** Registers `sync schedule`. */
export function registerSchedule(sync: Command, run: ActionRunner): void {
  addSyncOptions(sync.command('schedule <source> <target>').description('keep target in sync: a background job (or --foreground) running a sync every interval'), { dryRun: false })
    .option('--scope <scope>', 'registry, context:<ctx> or subject:<name>', 'registry')
    .option('--contexts <list>', 'with --scope registry: only these contexts')
    .requiredOption('--interval <duration>', 'time between run starts: 30s, 5m, 1h')
    .option('--foreground', 'run in this process until SIGTERM/SIGINT (containers)')
    .action(run(async (ctx, source: string, target: string, options: SyncScheduleOptions) => {
      const job = await defineJob(ctx, source, target, options);
      const store = new SyncJobStore(ensureDir(ctx.stateDir()));
      store.create(job);
      const holder = store.acquireLock(jobLockKey(job), job.id, (other) => isJobActive(store, other));
      if (holder) {
        store.remove(job.id);
        throw duplicateJobError(holder, job);
      }
      if (job.foreground) {
        await runJobHere(ctx, store, job, store.logPath(job.id));
        ctx.emit({ kind: 'sync-status', jobs: [describeJob(store, job, { recentRuns: 10 })] }, renderSyncStatus);
        return;
      }
      await spawnWorker(ctx, store, job);
      ctx.emit({ kind: 'sync-job', ...describeJob(store, job) }, renderSyncScheduled);
    }));
}

async function defineJob(ctx: CommandContext, sourceArg: string, targetArg: string, options: SyncScheduleOptions): Promise<SyncJobDefinition> {
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

/** What job.json keeps of a registry: its name, an export path, or a URL without credentials (never secrets). */
function storedName(handle: RegistryHandle): string {
  if (handle.kind === 'export') return handle.exportPath ?? handle.name;
  const adHoc = handle.entry.origin === 'command line';
  if (adHoc && (handle.entry.user !== undefined || handle.entry.password !== undefined || handle.entry.token !== undefined)) {
    throw new UsageError(
      'E_SYNC_SECRET_URL',
      `${handle.name}: a URL with credentials cannot be scheduled (sync jobs never store secrets)`,
      'configure it as a named registry (config file, REGISTRIES or SCHEMA_REGISTRY_* variables) and schedule by name',
    );
  }
  return handle.name;
}

/** Starts `srx sync worker <id>` detached, its output appended to worker.log; resolves once it is spawned. */
async function spawnWorker(ctx: CommandContext, store: SyncJobStore, job: SyncJobDefinition): Promise<void> {
  const args = [BIN, '--state-dir', ctx.stateDir(), '--no-color'];
  if (ctx.global.config) args.push('--config', ctx.global.config);
  if (ctx.global.timeout) args.push('--timeout', String(ctx.global.timeout));
  if (ctx.global.concurrency) args.push('--concurrency', String(ctx.global.concurrency));
  args.push('sync', 'worker', job.id);
  const log = openSync(store.logPath(job.id), 'a');
  try {
    const child = spawn(process.execPath, args, { cwd: job.cwd, env: { ...ctx.deps.env }, detached: true, stdio: ['ignore', log, log] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new UsageError('E_SYNC_SPAWN', `cannot start the sync worker: ${error.message}`)));
    });
    store.writeSpawn(job.id, { pid: child.pid!, processStart: processStartTime(child.pid!) });
    child.unref();
  } catch (error) {
    store.remove(job.id);
    throw error;
  } finally {
    closeSync(log);
  }
}
