import type { Limiter } from './limiter.js';

/** What the adaptive concurrency of one registry did: where it is, its cap, its lowest point, its cuts. */
export interface ConcurrencyReport {
  readonly current: number;
  readonly cap: number;
  readonly lowest: number;
  readonly cuts: number;
}

/** A latency this many times the fastest seen (and over SPIKE_MIN_MS) counts as the server struggling. */
const SPIKE_FACTOR = 8;
const SPIKE_MIN_MS = 250;

/** A round may grow the limit when its mean latency is at most this many times the fastest seen, plus GROW_SLACK_MS. */
const GROW_FACTOR = 2;
const GROW_SLACK_MS = 20;

/**
 * Adapts a registry's requests in flight (AIMD): starts where the limiter is, halves on a 429, a 5xx, a
 * retryable network failure or a latency spike (at most once per round of answers), and grows by one after
 * a round of answers that came back fine while latency held, never above the cap (`--concurrency`,
 * `concurrency`, else DEFAULT_READ_CAP).
 */
export class AdaptiveConcurrency {
  private fastestMs = Infinity;
  private goodInRound = 0;
  private roundMs = 0;
  private answersSinceCut = Infinity;
  private lowest: number;
  private cuts = 0;

  constructor(
    private readonly limiter: Limiter,
    readonly cap: number,
  ) {
    this.lowest = limiter.limit;
  }

  /** Records one answer to a read: its status (absent when none came) and how long it took. */
  observe(status: number | undefined, ms: number, retryable: boolean): void {
    this.answersSinceCut += 1;
    const struggling = status === 429 || (status !== undefined && status >= 500) || (status === undefined && retryable);
    if (!struggling && status !== undefined) this.fastestMs = Math.min(this.fastestMs, ms);
    const spike = !struggling && status !== undefined && ms > SPIKE_MIN_MS && ms > this.fastestMs * SPIKE_FACTOR;
    if (struggling || spike) {
      this.cut();
      return;
    }
    this.goodInRound += 1;
    this.roundMs += ms;
    if (this.goodInRound < this.limiter.limit) return;
    const held = this.roundMs / this.goodInRound <= this.fastestMs * GROW_FACTOR + GROW_SLACK_MS;
    this.goodInRound = 0;
    this.roundMs = 0;
    if (held && this.limiter.limit < this.cap) this.limiter.limit += 1;
  }

  report(): ConcurrencyReport {
    return { current: this.limiter.limit, cap: this.cap, lowest: this.lowest, cuts: this.cuts };
  }

  // Answers already in flight when a cut happens say the same thing again: one cut per round of answers.
  private cut(): void {
    this.goodInRound = 0;
    this.roundMs = 0;
    if (this.answersSinceCut < this.limiter.limit) return;
    this.answersSinceCut = 0;
    this.cuts += 1;
    this.limiter.limit = Math.max(1, Math.floor(this.limiter.limit / 2));
    this.lowest = Math.min(this.lowest, this.limiter.limit);
  }
}
