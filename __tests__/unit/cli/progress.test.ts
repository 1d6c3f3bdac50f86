import { createPlainProgress, createSpinnerProgress, progressBar, RateMeter } from '../../../src/cli/progress.js';

const clock = () => {
  let t = 0;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
};

describe('progress', () => {
  test('RateMeter measures the last done/total of a text: percentage, rate and ETA', () => {
    const c = clock();
    const meter = new RateMeter(c.now);
    expect(meter.measure('staging: . 0/10000 subjects read')).toMatchObject({ done: 0, total: 10000, percent: 0, rate: null, etaSeconds: null });
    c.advance(2000);
    const m = meter.measure('staging: . 4000/10000 subjects read')!;
    expect(m).toMatchObject({ done: 4000, percent: 40, rate: 2000, etaSeconds: 3 });
    expect(progressBar(m, 10)).toBe('[████░░░░░░] 40% 4,000/10,000 2,000/s ETA 3s');
    expect(meter.measure('no count here')).toBeNull();
  });

  test('--progress plain: a line at start and end, at most one line per interval in between, no cursor control', () => {
    const c = clock();
    const out: string[] = [];
    const progress = createPlainProgress({ write: (t: string) => out.push(t) }, (t) => t.replace('secret', '***'), 5000, c.now);
    progress.start('reading staging');
    for (let done = 0; done <= 10000; done += 100) {
      c.advance(100);
      progress.update(`staging secret: . ${done}/10000 subjects read`);
    }
    progress.succeed('read staging');
    expect(out[0]).toBe('reading staging…\n');
    expect(out.at(-1)).toBe('read staging (10.1s)\n');
    const middle = out.slice(1, -1);
    expect(middle).toHaveLength(2); // 10 s of updates, one line per 5 s
    expect(middle[0]).toMatch(/^staging \*\*\*: \. subjects read 4\d% 4\d00\/10000 1,000\/s ETA \d+s\n$/);
    expect(out.join('')).not.toMatch(/\u001b/);
  });

  test('on a terminal the spinner line carries the bar, and the final line replaces it', () => {
    const written: string[] = [];
    const tty = {
      isTTY: true,
      columns: 120,
      write: (t: string) => {
        written.push(t);
        return true;
      },
      cursorTo: () => true,
      moveCursor: () => true,
      clearLine: () => true,
      on: () => tty,
      removeListener: () => tty,
    };
    const progress = createSpinnerProgress(tty, { color: false }, (t) => t);
    progress.start('reading');
    progress.update('staging: . 50/100 subjects read');
    progress.succeed('read staging');
    const text = written.join('');
    expect(text).toMatch(/staging: \. subjects read \[█{10}░{10}\] 50% 50\/100/);
    expect(text).toMatch(/read staging\n$/);
  });
});
