import { Option, type Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { rotationFromEnv } from '../../../core/state/rotating-file.js';
import { ensureDir } from '../../../core/state/state-dir.js';
import { describeJob } from '../../../core/sync/job-status.js';
import { SyncJobStore } from '../../../core/sync/job-store.js';
import type { SyncJobDefinition } from '../../../core/sync/types.js';
import type { CommandContext } from '../../context.js';
import type { ActionRunner } from '../../program.js';
import { renderSyncStatus } from '../../render/sync.js';
import { runJobHere } from './run-job.js';
import { defineAndLockJob, scheduleCommand, type SyncScheduleOptions } from './schedule.js';
import { startServiceHttp, parseListen } from './service-http.js';
import { ServiceMetrics } from './service-metrics.js';

/** Options only the foreground service has. */
export interface ServiceOptions {
  readonly logFormat?: string;
  readonly listen?: string;
}

/** Adds --log-format and --listen. */
export function addServiceOptions(command: Command): Command {
  return command
    .addOption(new Option('--log-format <format>', 'log lines on stderr: text or json (one object per line)').choices(['text', 'json']).default('text'))
    .option('--listen <host:port>', 'serve /healthz, /readyz and Prometheus /metrics here (off by default), e.g. 127.0.0.1:9464');
}

/** Registers `sync serve`: `sync schedule --foreground` for containers. */
export function registerServe(sync: Command, run: ActionRunner): void {
  scheduleCommand(sync.command('serve <source> <target>').description('run a sync job in this process until SIGTERM (containers): JSON logs, health and metrics'), false)
    .action(run(async (ctx, source: string, target: string, options: SyncScheduleOptions & ServiceOptions) => {
      const { job, store } = await scheduleJob(ctx, source, target, { ...options, foreground: true });
      await serveJob(ctx, store, job, options);
    }));
}

/** Defines, stores and locks a scheduled job (shared with `sync schedule`). */
export async function scheduleJob(ctx: CommandContext, source: string, target: string, options: SyncScheduleOptions): Promise<{ job: SyncJobDefinition; store: SyncJobStore }> {
  const store = new SyncJobStore(ensureDir(ctx.stateDir()), { redact: (text) => ctx.redactor.redact(text), rotation: rotationFromEnv(ctx.deps.env) });
  return { job: await defineAndLockJob(ctx, store, source, target, options), store };
}

/** Runs `job` here until SIGTERM/SIGINT: optional HTTP listener, log format; prints the job's status at the end. */
export async function serveJob(ctx: CommandContext, store: SyncJobStore, job: SyncJobDefinition, options: ServiceOptions): Promise<void> {
  const logFormat = options.logFormat === 'json' ? 'json' : 'text';
  if (options.listen !== undefined) parseListen(options.listen);
  const metrics = new ServiceMetrics();
  let runsDone = 0;
  let stopping = false;
  ctx.signal?.addEventListener('abort', () => { stopping = true; }, { once: true });
  const http = options.listen === undefined
    ? undefined
    : await startServiceHttp(options.listen, metrics, { alive: () => !stopping, ready: () => !stopping && runsDone > 0 });
  if (http) ctx.deps.stderr.write(logFormat === 'json'
    ? `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'listening', job: job.id, url: http.url })}\n`
    : `${new Date().toISOString()} listening on ${http.url} (/healthz, /readyz, /metrics)\n`);
  try {
    await runJobHere(ctx, store, job, store.logPath(job.id), { logFormat, metrics, onRunEnd: () => { runsDone += 1; } });
  } finally {
    await http?.close();
  }
  ctx.emit({ kind: 'sync-status', jobs: [describeJob(store, job, { recentRuns: 10 })] }, renderSyncStatus);
}

/** A UsageError for service options given without --foreground. */
export function serviceOptionsNeedForeground(options: ServiceOptions & { foreground?: boolean }): void {
  if (options.foreground) return;
  if (options.listen !== undefined || (options.logFormat !== undefined && options.logFormat !== 'text')) {
    throw new UsageError('E_USAGE_OPTION', '--listen and --log-format apply to a job running in this process', 'add --foreground, or use `srx sync serve`');
  }
}
