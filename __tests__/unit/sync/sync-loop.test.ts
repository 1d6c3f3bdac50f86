import { runSyncLoop, type SyncRunner } from '../../../src/core/sync/sync-loop.js';
import type { SyncRunOutcome } from '../../../src/core/sync/types.js';

const ok: SyncRunOutcome = { status: 'completed', migrationIds: ['m'], copied: 1, deleted: 0, conflicts: 0, errors: 0 };

/** A fake clock that only moves when runs take time or the loop sleeps. */
function fakeClock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

describe('runSyncLoop', () => {
  it('starts a run every interval and waits only the rest of the interval', async () => {
    const clock = fakeClock();
    const runOnce: SyncRunner = async () => {
      clock.advance(300);
      return ok;
    };
    const runs = await runSyncLoop({ intervalMs: 1_000, runOnce, signal: new AbortController().signal, maxRuns: 3, now: clock.now, sleep: clock.sleep });
    expect(runs.map((r) => r.run)).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([700, 700]);
    expect(runs.map((r) => Date.parse(r.startedAt) - Date.parse(runs[0]!.startedAt))).toEqual([0, 1_000, 2_000]);
  });

  it('never overlaps: a run longer than the interval delays the next one', async () => {
    const clock = fakeClock();
    let active = 0;
    let maxActive = 0;
    const durations = [2_500, 100, 100];
    const runOnce: SyncRunner = async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      clock.advance(durations.shift()!);
      await Promise.resolve();
      active -= 1;
      return ok;
    };
    const runs = await runSyncLoop({ intervalMs: 1_000, runOnce, signal: new AbortController().signal, maxRuns: 3, now: clock.now, sleep: clock.sleep });
    expect(maxActive).toBe(1);
    expect(clock.sleeps).toEqual([0, 900]);
    expect(Date.parse(runs[1]!.startedAt)).toBe(Date.parse(runs[0]!.finishedAt));
  });

  it('records a run that throws as failed and keeps going', async () => {
    const clock = fakeClock();
    const results: (SyncRunOutcome | Error)[] = [new Error('connect ECONNREFUSED'), new Error('503'), ok];
    const runOnce: SyncRunner = async () => {
      const next = results.shift()!;
      if (next instanceof Error) throw next;
      return next;
    };
    const seen: string[] = [];
    const runs = await runSyncLoop({
      intervalMs: 10,
      runOnce,
      signal: new AbortController().signal,
      maxRuns: 3,
      now: clock.now,
      sleep: clock.sleep,
      onRunEnd: (r) => seen.push(r.status),
    });
    expect(runs.map((r) => r.status)).toEqual(['failed', 'failed', 'completed']);
    expect(runs[0]!.error).toBe('connect ECONNREFUSED');
    expect(runs[0]!.errors).toBe(1);
    expect(seen).toEqual(['failed', 'failed', 'completed']);
  });

  it('stops after the current run when aborted, passing the signal to the run', async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    let received: AbortSignal | undefined;
    const runOnce: SyncRunner = async (signal) => {
      received = signal;
      controller.abort('SIGTERM');
      return { ...ok, status: signal.aborted ? 'interrupted' : 'completed' };
    };
    const runs = await runSyncLoop({ intervalMs: 1_000, runOnce, signal: controller.signal, now: clock.now, sleep: clock.sleep });
    expect(received).toBe(controller.signal);
    expect(runs.map((r) => r.status)).toEqual(['interrupted']);
    expect(clock.sleeps).toEqual([]);
  });

  it('wakes from the wait when aborted (real sleep)', async () => {
    const controller = new AbortController();
    let calls = 0;
    const runOnce: SyncRunner = async () => {
      calls += 1;
      setImmediate(() => controller.abort());
      return ok;
    };
    const runs = await runSyncLoop({ intervalMs: 3_600_000, runOnce, signal: controller.signal });
    expect(calls).toBe(1);
    expect(runs).toHaveLength(1);
  });

  it('a wall clock stepped back does not delay the next run: intervals use the monotonic clock', async () => {
    let wall = 1_000_000_000_000;
    let mono = 0;
    const waits: number[] = [];
    const runOnce = async () => {
      mono += 100;
      wall -= 3_600_000; // NTP steps the clock back an hour during the run
      return { status: 'completed' as const, migrationIds: [], copied: 0, deleted: 0, conflicts: 0, errors: 0 };
    };
    const runs = await runSyncLoop({
      intervalMs: 1_000,
      runOnce,
      signal: new AbortController().signal,
      maxRuns: 2,
      now: () => wall,
      monotonic: () => mono,
      sleep: async (ms) => {
        waits.push(ms);
        mono += ms;
        wall += ms;
      },
    });
    expect(waits).toEqual([900]);
    expect(runs.map((r) => r.durationMs)).toEqual([100, 100]);
  });
});
