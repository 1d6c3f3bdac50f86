import type { Progress } from '../core/index.js';
import ora from 'ora';
import type { OutputStream } from './deps.js';
import { paint, type RenderOptions } from './render/text.js';

/** How progress is shown: `auto` (a bar on a terminal, nothing elsewhere), `plain` (a line every few seconds, for CI logs), `none`. */
export type ProgressMode = 'auto' | 'plain' | 'none';

/** Count, percentage, rate and time left of a `done/total` report. */
export interface Measured {
  readonly done: number;
  readonly total: number;
  readonly percent: number;
  /** Items per second since counting started; null until measurable. */
  readonly rate: number | null;
  /** Seconds left at that rate; null until measurable. */
  readonly etaSeconds: number | null;
}

/**
 * Core reports counts inside its progress text (`staging: . 4500/10000 subjects read`): the last
 * `done/total` in a text is measured, per total, from the first time it was seen.
 */
export class RateMeter {
  private started?: { readonly total: number; readonly at: number; readonly done: number };

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The measure of a text holding `done/total`, or null when it holds none. */
  measure(text: string): Measured | null {
    const match = /(\d+)\/(\d+)(?!.*\d+\/\d+)/.exec(text);
    if (!match) return null;
    const done = Number(match[1]);
    const total = Number(match[2]);
    if (!(total > 0)) return null;
    const at = this.now();
    if (!this.started || this.started.total !== total || done < this.started.done) this.started = { total, at, done };
    const seconds = (at - this.started.at) / 1000;
    const rate = seconds >= 0.5 && done > this.started.done ? (done - this.started.done) / seconds : null;
    return {
      done,
      total,
      percent: Math.min(100, Math.floor((done / total) * 100)),
      rate,
      etaSeconds: rate ? Math.max(0, Math.round((total - done) / rate)) : null,
    };
  }
}

/** `[████░░░░] 45% 4,500/10,000 1,200/s ETA 4s` */
export function progressBar(m: Measured, width = 20): string {
  const filled = Math.round((m.percent / 100) * width);
  const count = `${m.done.toLocaleString('en-US')}/${m.total.toLocaleString('en-US')}`;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${m.percent}% ${count}${details(m)}`;
}

function details(m: Measured): string {
  const rate = m.rate === null ? '' : ` ${Math.round(m.rate).toLocaleString('en-US')}/s`;
  const eta = m.etaSeconds === null || m.done >= m.total ? '' : ` ETA ${duration(m.etaSeconds)}`;
  return `${rate}${eta}`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Text before the count: `staging: . 4500/10000 subjects read` → `staging: .` + `subjects read`. */
function withBar(text: string, m: Measured | null): string {
  if (!m) return text;
  const label = text.replace(/\s*\d+\/\d+\s*/, ' ').trim();
  return `${label} ${progressBar(m)}`;
}

/** Adapts core's Progress to an ora spinner with a bar (count, rate, ETA) on a TTY stderr; cleared by the final line. */
export function createSpinnerProgress(stderr: OutputStream, opts: RenderOptions, redact: (text: string) => string, meter = new RateMeter()): Progress {
  const spinner = ora({ stream: stderr as NodeJS.WritableStream, color: 'cyan', isEnabled: true, discardStdin: false });
  const c = paint(opts);
  return {
    start: (step) => {
      spinner.start(redact(step));
    },
    update: (text) => {
      spinner.text = redact(withBar(text, meter.measure(text)));
      if (spinner.isSpinning) spinner.render();
    },
    succeed: (step) => {
      spinner.succeed(redact(step));
    },
    fail: (step) => {
      spinner.fail(redact(step));
    },
    warn: (message) => {
      const wasSpinning = spinner.isSpinning;
      if (wasSpinning) spinner.clear();
      stderr.write(`${c.yellow('warning:')} ${redact(message)}\n`);
      if (wasSpinning) spinner.render();
    },
  };
}

/**
 * `--progress plain`, for CI logs: a line when a step starts and ends, and at most one progress line
 * every `everyMs` in between (count, percentage, rate, ETA); no cursor control.
 */
export function createPlainProgress(
  stderr: OutputStream,
  redact: (text: string) => string,
  everyMs = 5000,
  now: () => number = () => performance.now(),
): Progress {
  const meter = new RateMeter(now);
  let last = -Infinity;
  let startedAt = now();
  const line = (text: string) => stderr.write(`${redact(text)}\n`);
  return {
    start: (step) => {
      startedAt = now();
      last = now();
      line(`${step}…`);
    },
    update: (text) => {
      const m = meter.measure(text);
      if (now() - last < everyMs) return;
      last = now();
      line(m ? `${text.replace(/\s*\d+\/\d+\s*/, ' ').trim()} ${m.percent}% ${m.done}/${m.total}${details(m)}` : text);
    },
    succeed: (step) => line(`${step} (${((now() - startedAt) / 1000).toFixed(1)}s)`),
    fail: (step) => line(`failed: ${step}`),
    warn: (message) => line(`warning: ${message}`),
  };
}
