// Adaptive concurrency of reads: AIMD on the answers a registry gives (no timers: latencies are given).
import { AdaptiveConcurrency } from '../../../src/core/registry/adaptive-concurrency.js';
import { Limiter } from '../../../src/core/registry/limiter.js';

const setUp = (cap: number) => {
  const limiter = new Limiter(cap);
  return { limiter, adaptive: new AdaptiveConcurrency(limiter, cap) };
};
const fine = (adaptive: AdaptiveConcurrency, n: number, ms = 5) => {
  for (let i = 0; i < n; i++) adaptive.observe(200, ms, false);
};

describe('AdaptiveConcurrency', () => {
  it('starts at the cap and stays there while answers come back fine', () => {
    const { limiter, adaptive } = setUp(16);
    fine(adaptive, 500);
    expect(limiter.limit).toBe(16);
    expect(adaptive.report()).toEqual({ current: 16, cap: 16, lowest: 16, cuts: 0 });
  });

  it('halves on a 429, once for the answers already in flight, then grows back by one per round up to the cap', () => {
    const { limiter, adaptive } = setUp(16);
    fine(adaptive, 20);
    adaptive.observe(429, 5, true);
    expect(limiter.limit).toBe(8);
    adaptive.observe(429, 5, true); // the same storm, seen by a request sent before the cut
    expect(limiter.limit).toBe(8);
    fine(adaptive, 8);
    expect(limiter.limit).toBe(9);
    fine(adaptive, 9 + 10 + 11 + 12 + 13 + 14 + 15);
    expect(limiter.limit).toBe(16);
    fine(adaptive, 100);
    expect(adaptive.report()).toEqual({ current: 16, cap: 16, lowest: 8, cuts: 1 });
  });

  it('backs off on 5xx, on retryable network failures and on a latency spike, never below one', () => {
    const { limiter, adaptive } = setUp(8);
    fine(adaptive, 10, 4);
    adaptive.observe(503, 4, true);
    expect(limiter.limit).toBe(4);
    fine(adaptive, 3, 4);
    adaptive.observe(undefined, 30_000, true); // a timeout or a reset
    expect(limiter.limit).toBe(2);
    fine(adaptive, 1, 4);
    adaptive.observe(200, 2_000, false); // 500x the fastest answer seen: the server is struggling
    expect(limiter.limit).toBe(1);
    for (let i = 0; i < 5; i++) adaptive.observe(503, 4, true);
    expect(limiter.limit).toBe(1);
    expect(adaptive.report().lowest).toBe(1);
  });

  it('does not count a 4xx answer (a subject without config) or a merely slower answer as trouble', () => {
    const { limiter, adaptive } = setUp(8);
    fine(adaptive, 10, 5);
    adaptive.observe(404, 5, false);
    adaptive.observe(200, 30, false); // slower, under the spike floor
    expect(limiter.limit).toBe(8);
  });
});

describe('AdaptiveConcurrency below its cap (no --concurrency: reads start at 16, cap 64)', () => {
  it('grows by one per round while latency holds, up to the cap', () => {
    const limiter = new Limiter(16);
    const adaptive = new AdaptiveConcurrency(limiter, 64);
    fine(adaptive, 16, 5);
    expect(limiter.limit).toBe(17);
    fine(adaptive, 5_000, 6);
    expect(adaptive.report()).toEqual({ current: 64, cap: 64, lowest: 16, cuts: 0 });
  });

  it('stops growing when a round is much slower than the fastest answers (queueing at the server)', () => {
    const limiter = new Limiter(16);
    const adaptive = new AdaptiveConcurrency(limiter, 64);
    fine(adaptive, 16, 5);
    expect(limiter.limit).toBe(17);
    fine(adaptive, 17 * 10, 60); // 12x the fastest, yet under the spike floor: hold, do not cut
    expect(limiter.limit).toBe(17);
  });
});

describe('Limiter with a changing limit', () => {
  it('runs waiting tasks when the limit grows and lets running ones finish when it shrinks', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let most = 0;
    const gates: Array<() => void> = [];
    const task = () =>
      limiter.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
      });
    const all = Array.from({ length: 6 }, task);
    await new Promise((resolve) => setImmediate(resolve));
    expect(running).toBe(2);
    limiter.limit = 4;
    await new Promise((resolve) => setImmediate(resolve));
    expect(running).toBe(4);
    limiter.limit = 1;
    gates.splice(0).forEach((open) => open());
    await new Promise((resolve) => setImmediate(resolve));
    expect(running).toBe(1); // the cut holds: one of the two waiting tasks runs
    gates.splice(0).forEach((open) => open());
    await new Promise((resolve) => setImmediate(resolve));
    expect(running).toBe(1);
    gates.splice(0).forEach((open) => open());
    await Promise.all(all);
    expect(most).toBe(4);
  });
});
