import { appendFileSync } from 'node:fs';
import { maskUrl } from '../../../core/config/redact.js';
import type { SyncEndpoint } from '../../../core/operations/sync.js';
import { runSync, syncRunOutcome } from '../../../core/operations/sync.js';
import { silentProgress } from '../../../core/progress.js';
import { STATE_FILE_MODE } from '../../../core/state/state-dir.js';
import type { SyncJobStore } from '../../../core/sync/job-store.js';
import { runSyncJob } from '../../../core/sync/run-sync-job.js';
import { migrationScopeOf } from '../../../core/sync/scope.js';
import type { SyncRunner } from '../../../core/sync/sync-loop.js';
import type { SyncJobDefinition, SyncRunRecord } from '../../../core/sync/types.js';
import type { CommandContext, RegistryHandle } from '../../context.js';
import { migrationPolicyFrom } from './options.js';

/** Scheduled runs give up on a registry sooner: the next run retries anyway. */
const SCHEDULED_RETRIES = 2;

/** A sync endpoint for a resolved registry; `signal: undefined` so restoring modes is never cut off mid-request. */
export function endpointFor(ctx: CommandContext, handle: RegistryHandle, retries?: number): SyncEndpoint {
  const registry = { name: handle.name, url: maskUrl(handle.entry.url) };
  if (handle.kind === 'export') return { registry, exportPath: handle.exportPath };
  return { registry, client: ctx.client(handle, { signal: undefined, ...(retries !== undefined ? { retry: { retries } } : {}) }) };
}

/** One run of a scheduled job: a one-shot sync with the job's settings, registries resolved from config now. */
export function createJobRunner(ctx: CommandContext, job: SyncJobDefinition): SyncRunner {
  let endpoints: Promise<[SyncEndpoint, SyncEndpoint]> | undefined;
  return async (signal) => {
    endpoints ??= Promise.all([ctx.resolveRegistry(job.source), ctx.resolveRegistry(job.target)]).then(
      ([source, target]) => [endpointFor(ctx, source, SCHEDULED_RETRIES), endpointFor(ctx, target, SCHEDULED_RETRIES)] as [SyncEndpoint, SyncEndpoint],
    );
    const [source, target] = await endpoints.catch((error: unknown) => {
      endpoints = undefined; // configuration may be fixed before the next run
      throw error;
    });
    const result = await runSync({
      source,
      target,
      direction: job.direction,
      scope: migrationScopeOf(job.scope),
      policy: migrationPolicyFrom(job.policy, 'skip'),
      dryRun: false,
      stateDir: ctx.stateDir(),
      redact: (text) => ctx.redactor.redact(text),
      progress: silentProgress((message) => ctx.deps.stderr.write(ctx.redactor.redact(`${new Date().toISOString()} warning: ${message}\n`))),
      signal,
      concurrency: ctx.global.concurrency,
    });
    return syncRunOutcome(result);
  };
}

/** Runs `job` in this process until ctx.signal aborts; logs go to stderr (and to worker.log when `alsoLogTo`). */
export async function runJobHere(ctx: CommandContext, store: SyncJobStore, job: SyncJobDefinition, alsoLogTo?: string): Promise<SyncRunRecord[]> {
  await ctx.config();
  const log = (line: string) => {
    const text = ctx.redactor.redact(`${new Date().toISOString()} ${line}\n`);
    if (!alsoLogTo || !ctx.global.quiet) ctx.deps.stderr.write(text);
    if (alsoLogTo) appendFileSync(alsoLogTo, text, { mode: STATE_FILE_MODE });
  };
  return runSyncJob({ store, job, runOnce: createJobRunner(ctx, job), signal: ctx.signal ?? new AbortController().signal, log });
}
