import type { SyncRunOutcome, SyncRunRecord } from './types.js';

/** Runs one sync; aborting `signal` asks it to stop cleanly (modes restored). */
export type SyncRunner = (signal: AbortSignal) => Promise<SyncRunOutcome>;

/** What the loop needs; clock and sleep are injectable for tests. */
export interface SyncLoopOptions {
  readonly intervalMs: number;
  readonly runOnce: SyncRunner;
  readonly signal: AbortSignal;
  /** Called when a run starts, and with its record when it ends (failed runs included). */
  readonly onRunStart?: (run: number, startedAt: Date) => void;
  readonly onRunEnd?: (record: SyncRunRecord) => void;
  /** Called before waiting for the next run. */
  readonly onWait?: (nextRunAt: Date) => void;
  /** Stop after this many runs (tests); default: until aborted. */
  readonly maxRuns?: number;
  /** Number of the first run (a restarted job continues its numbering). */
  readonly firstRun?: number;
  /** Wall clock, for the times runs record (default Date.now). */
  readonly now?: () => number;
  /** Monotonic clock, for intervals and durations: a wall clock stepped back never delays a run (default performance.now; `now` when only that is given). */
  readonly monotonic?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Runs `runOnce` every `intervalMs` until `signal` aborts. Runs never overlap: the next one
 * starts `intervalMs` after the previous one started, or at once when it took longer.
 * A run that throws is recorded as failed and the loop goes on. Returns the runs made.
 */
export async function runSyncLoop(options: SyncLoopOptions): Promise<SyncRunRecord[]> {
  const now = options.now ?? Date.now;
  const monotonic = options.monotonic ?? options.now ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  const records: SyncRunRecord[] = [];
  let run = options.firstRun ?? 1;
  while (!options.signal.aborted && (options.maxRuns === undefined || records.length < options.maxRuns)) {
    const started = now();
    const startedMono = monotonic();
    options.onRunStart?.(run, new Date(started));
    const outcome = await settle(options.runOnce, options.signal);
    const finished = now();
    const durationMs = Math.round(monotonic() - startedMono);
    const record: SyncRunRecord = {
      run,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs,
      ...outcome,
    };
    records.push(record);
    options.onRunEnd?.(record);
    run += 1;
    if (options.signal.aborted || (options.maxRuns !== undefined && records.length >= options.maxRuns)) break;
    const waitMs = Math.max(0, startedMono + options.intervalMs - monotonic());
    options.onWait?.(new Date(now() + waitMs));
    await sleep(waitMs, options.signal);
  }
  return records;
}

async function settle(runOnce: SyncRunner, signal: AbortSignal): Promise<SyncRunOutcome> {
  try {
    return await runOnce(signal);
  } catch (error) {
    return {
      status: signal.aborted ? 'interrupted' : 'failed',
      migrationIds: [],
      copied: 0,
      deleted: 0,
      conflicts: 0,
      errors: 1,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
