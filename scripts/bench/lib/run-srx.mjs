// Runs `node bin/srx.js` for a benchmark: wall time, stdout, stderr and peak RSS (reported by report-rss.mjs).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Resolves with { code, ms, stdout, stderr, maxRssMb }. */
export function runSrx(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', join(root, 'scripts/bench/lib/report-rss.mjs'), join(root, 'bin/srx.js'), ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    let err = '';
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /srx-bench-maxrss-kb (\d+)/.exec(err);
      resolve({ code, ms: performance.now() - started, stdout: Buffer.concat(out).toString('utf8'), stderr: err, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN });
    });
  });
}
