import { createSyncJobRunner, runSyncJob, type SnapshotSource, type SyncJobDefinition, type SyncJobStore, type SyncRunRecord } from '../../../core/index.js';
import type { CommandContext, RegistryHandle } from '../../context.js';
import { snapshotSourceFor } from '../../sources.js';
import type { ServiceMetrics } from './service-metrics.js';

/** Scheduled runs give up on a registry sooner: the next run retries anyway. */
const SCHEDULED_RETRIES = 2;

/** How a job running in this process logs and reports (the sync service). */
export interface JobRunService {
  /** `json`: one JSON object per log line (containers). */
  readonly logFormat: 'text' | 'json';
  readonly metrics?: ServiceMetrics;
  /** Log only to worker.log, not stderr (the background worker). */
  readonly fileOnly?: boolean;
  readonly onRunStart?: (run: number) => void;
  readonly onRunEnd?: (record: SyncRunRecord) => void;
}

/** A side of a sync for a resolved registry; `signal: undefined` so restoring modes is never cut off mid-request. */
export function sideFor(ctx: CommandContext, handle: RegistryHandle, retries?: number, metrics?: ServiceMetrics): SnapshotSource {
  const observe = metrics
    ? {
        onResponse: ({ method, status }: { method: string; status?: number }) => metrics.request(handle.name, method, status),
        onRetry: ({ reason }: { reason: string }) => metrics.retry(handle.name, reason),
      }
    : {};
  return snapshotSourceFor(ctx, handle, { signal: undefined, ...observe, ...(retries !== undefined ? { retry: { retries } } : {}) });
}

/** Runs `job` in this process until ctx.signal aborts; logs go to stderr and/or the job's worker.log (rotated). */
export async function runJobHere(
  ctx: CommandContext,
  store: SyncJobStore,
  job: SyncJobDefinition,
  alsoLogTo?: string,
  service?: JobRunService,
): Promise<SyncRunRecord[]> {
  await ctx.config();
  const format = service?.logFormat ?? 'text';
  const write = (text: string) => {
    const safe = ctx.redactor.redact(text);
    if (!service?.fileOnly && (!alsoLogTo || !ctx.global.quiet)) ctx.deps.stderr.write(safe);
    if (alsoLogTo || service?.fileOnly) store.appendLog(job.id, safe);
  };
  const line = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown> = {}) => {
    const time = new Date().toISOString();
    write(format === 'json' ? `${JSON.stringify({ time, level, msg, job: job.id, ...fields })}\n` : `${time} ${level === 'warn' ? 'warning: ' : ''}${msg}\n`);
  };
  return runSyncJob({
    store,
    job,
    runOnce: await createSyncJobRunner({
      job,
      store,
      sides: async () => {
        const [source, target] = await Promise.all([ctx.resolveRegistry(job.source), ctx.resolveRegistry(job.target)]);
        return [sideFor(ctx, source, SCHEDULED_RETRIES, service?.metrics), sideFor(ctx, target, SCHEDULED_RETRIES, service?.metrics)];
      },
      stateDir: ctx.stateDir(),
      redact: (text) => ctx.redactor.redact(text),
      warn: (message) => line('warn', message),
      concurrency: ctx.global.concurrency,
    }),
    signal: ctx.signal ?? new AbortController().signal,
    log: (msg) => line('info', msg),
    onRunStart: (run) => {
      service?.metrics?.runStarted();
      service?.onRunStart?.(run);
    },
    onRunEnd: (record) => {
      service?.metrics?.runEnded(record);
      if (format === 'json') line(record.status === 'failed' || record.status === 'partial' ? 'warn' : 'info', 'run finished', { event: 'run', ...record });
      service?.onRunEnd?.(record);
    },
  });
}
