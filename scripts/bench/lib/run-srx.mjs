// Runs `node bin/srx.js` for a benchmark: wall time, stdout, stderr, CPU and peak RSS (see run-measured.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMeasured } from './run-measured.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Resolves with { code, ms, stdout, stderr, userMs, sysMs, cpuMs, maxRssMb }. */
export function runSrx(args, env, nodeArgs = []) {
  return runMeasured(process.execPath, [...nodeArgs, join(root, 'bin/srx.js'), ...args], { env });
}
