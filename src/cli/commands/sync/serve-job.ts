import { describeJob, ensureDir, rotationFromEnv, type SyncJobDefinition, SyncJobStore } from '../../../core/index.js';
import type { CommandContext } from '../../context.js';
import { renderSyncStatus } from '../../render/sync.js';
import { runJobHere } from './run-job.js';
import { defineAndLockJob, type SyncScheduleOptions } from './schedule.js';
import type { ServiceOptions } from './service-options.js';
import { startServiceHttp, parseListen } from './service-http.js';
import { ServiceMetrics } from './service-metrics.js';

/** Defines, stores and locks a scheduled job (shared with `sync schedule`). */
export async function scheduleJob(
  ctx: CommandContext,
  source: string,
  target: string,
  options: SyncScheduleOptions,
): Promise<{ job: SyncJobDefinition; store: SyncJobStore }> {
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
  ctx.signal?.addEventListener(
    'abort',
    () => {
      stopping = true;
    },
    { once: true },
  );
  const http =
    options.listen === undefined
      ? undefined
      : await startServiceHttp(options.listen, metrics, { alive: () => !stopping, ready: () => !stopping && runsDone > 0 });
  if (http)
    ctx.deps.stderr.write(
      logFormat === 'json'
        ? `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'listening', job: job.id, url: http.url })}\n`
        : `${new Date().toISOString()} listening on ${http.url} (/healthz, /readyz, /metrics)\n`,
    );
  try {
    await runJobHere(ctx, store, job, store.logPath(job.id), {
      logFormat,
      metrics,
      onRunEnd: () => {
        runsDone += 1;
      },
    });
  } finally {
    await http?.close();
  }
  ctx.emit({ kind: 'sync-status', jobs: [describeJob(store, job, { recentRuns: 10 })] }, renderSyncStatus);
}
