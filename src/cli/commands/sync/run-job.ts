import type { SyncEndpoint } from '../../../core/operations/sync.js';
import { runSync, syncRunOutcome } from '../../../core/operations/sync.js';
import { silentProgress } from '../../../core/progress.js';
import type { SyncJobStore } from '../../../core/sync/job-store.js';
import { runIncremental } from '../../../core/sync/incremental.js';
import { runSyncJob } from '../../../core/sync/run-sync-job.js';
import { migrationScopeOf } from '../../../core/sync/scope.js';
import type { SyncRunner } from '../../../core/sync/sync-loop.js';
import type { SyncJobDefinition, SyncRunRecord } from '../../../core/sync/types.js';
import type { CommandContext, RegistryHandle } from '../../context.js';
import { syncEndpointFor } from '../../sources.js';
import { migrationPolicyFrom } from './options.js';
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

/** A sync endpoint for a resolved registry; `signal: undefined` so restoring modes is never cut off mid-request. */
export function endpointFor(ctx: CommandContext, handle: RegistryHandle, retries?: number, metrics?: ServiceMetrics): SyncEndpoint {
  const observe = metrics
    ? {
        onResponse: ({ method, status }: { method: string; status?: number }) => metrics.request(handle.name, method, status),
        onRetry: ({ reason }: { reason: string }) => metrics.retry(handle.name, reason),
      }
    : {};
  return syncEndpointFor(ctx, handle, { signal: undefined, ...observe, ...(retries !== undefined ? { retry: { retries } } : {}) });
}

/** One run of a scheduled job: a one-shot sync with the job's settings, registries resolved from config now. */
export function createJobRunner(
  ctx: CommandContext,
  job: SyncJobDefinition,
  store: SyncJobStore,
  warn?: (message: string) => void,
  metrics?: ServiceMetrics,
): SyncRunner {
  let endpoints: Promise<[SyncEndpoint, SyncEndpoint]> | undefined;
  return async (signal) => {
    endpoints ??= Promise.all([ctx.resolveRegistry(job.source), ctx.resolveRegistry(job.target)]).then(
      ([source, target]) =>
        [endpointFor(ctx, source, SCHEDULED_RETRIES, metrics), endpointFor(ctx, target, SCHEDULED_RETRIES, metrics)] as [SyncEndpoint, SyncEndpoint],
    );
    const [source, target] = await endpoints.catch((error: unknown) => {
      endpoints = undefined; // configuration may be fixed before the next run
      throw error;
    });
    const full = async () =>
      syncRunOutcome(
        await runSync({
          source,
          target,
          direction: job.direction,
          scope: migrationScopeOf(job.scope),
          policy: migrationPolicyFrom(job.policy, 'skip'),
          dryRun: false,
          stateDir: ctx.stateDir(),
          redact: (text) => ctx.redactor.redact(text),
          progress: silentProgress(warn ?? ((message) => ctx.deps.stderr.write(ctx.redactor.redact(`${new Date().toISOString()} warning: ${message}\n`)))),
          signal,
          concurrency: ctx.global.concurrency,
        }),
      );
    return runIncremental({ store, jobId: job.id, source: source.client, target: target.client, run: full });
  };
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
    runOnce: createJobRunner(ctx, job, store, (message) => line('warn', message), service?.metrics),
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
