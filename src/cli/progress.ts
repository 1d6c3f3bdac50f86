import ora from 'ora';
import type { Progress } from '../core/progress.js';
import type { OutputStream } from './deps.js';
import { paint, type RenderOptions } from './render/text.js';

/** Adapts core's Progress to an ora spinner on a TTY stderr. */
export function createSpinnerProgress(stderr: OutputStream, opts: RenderOptions, redact: (text: string) => string): Progress {
  const spinner = ora({ stream: stderr as NodeJS.WritableStream, color: 'cyan', isEnabled: true, discardStdin: false });
  const c = paint(opts);
  return {
    start: (step) => { spinner.start(redact(step)); },
    update: (text) => { spinner.text = redact(text); },
    succeed: (step) => { spinner.succeed(redact(step)); },
    fail: (step) => { spinner.fail(redact(step)); },
    warn: (message) => {
      const wasSpinning = spinner.isSpinning;
      if (wasSpinning) spinner.clear();
      stderr.write(`${c.yellow('warning:')} ${redact(message)}\n`);
      if (wasSpinning) spinner.render();
    },
  };
}
