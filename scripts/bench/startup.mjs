// Benchmark of srx's start-up: median wall time of 10 runs of `srx --help` and `srx registry list` (against
// the bundled example config, no network), next to bare `node -e 0`. Target: under 150 ms each.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 10);

/** Median wall time in ms of `RUNS` runs of node with `args` (after one warm-up run). */
export function medianMs(args) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', SRX_STATE_DIR: join(root, '.cache', 'bench-state') };
  const once = () => {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const ms = performance.now() - started;
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr.toString().slice(0, 500)}`);
    return ms;
  };
  once();
  const times = Array.from({ length: RUNS }, once).sort((a, b) => a - b);
  return times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
}

/** Runs each start-up case and returns the figures. */
export default async function benchStartup({ log }) {
  const srx = join(root, 'bin/srx.js');
  const cases = [
    ['node -e 0 (bare node)', ['-e', '0']],
    ['srx --help', [srx, '--help']],
    ['srx registry list', [srx, 'registry', 'list']],
    ['srx --version', [srx, '--version']],
  ];
  const rows = [];
  for (const [name, args] of cases) {
    log(`${name}: ${RUNS} runs...`);
    rows.push({ command: name, 'median wall': `${medianMs(args).toFixed(0)} ms` });
  }
  const os = await import('node:os');
  return {
    title: `srx start-up: median of ${RUNS} runs, ${process.platform} ${process.arch}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
    rows,
    notes: ['target: srx --help and srx registry list under 150 ms'],
  };
}
