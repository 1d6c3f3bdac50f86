// Runs a benchmarked process and measures it: wall time, user and system CPU, peak RSS. Uses GNU time
// (/usr/bin/time) when present; otherwise polls /proc/<pid> (VmHWM, utime + stime) until the process exits.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';
const TICKS_PER_SECOND = 100;

/**
 * Resolves with { code, ms, stdout, stderr, userMs, sysMs, cpuMs, maxRssMb }. `options.env` is the whole
 * environment of the child (PATH and HOME added when missing); `options.cwd` its directory.
 */
export function runMeasured(command, args, options = {}) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', ...options.env };
  return existsSync(GNU_TIME) ? withGnuTime(command, args, env, options.cwd) : withProcPolling(command, args, env, options.cwd);
}

async function withGnuTime(command, args, env, cwd) {
  const dir = mkdtempSync(join(tmpdir(), 'srx-bench-time-'));
  const report = join(dir, 'time.txt');
  try {
    const run = await collect(spawn(GNU_TIME, ['-f', '%U %S %M %x', '-o', report, command, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
    const [user, sys, rssKb, exit] = readFileSync(report, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
    return figures(run, exit, user * 1000, sys * 1000, rssKb);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withProcPolling(command, args, env, cwd) {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = { user: 0, sys: 0, rssKb: 0 };
  const poll = () => {
    try {
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seen.user = Math.max(seen.user, Number(fields[11]) * (1000 / TICKS_PER_SECOND));
      seen.sys = Math.max(seen.sys, Number(fields[12]) * (1000 / TICKS_PER_SECOND));
      const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) seen.rssKb = Math.max(seen.rssKb, Number(hwm[1]));
    } catch {
      // exited between polls
    }
  };
  const timer = setInterval(poll, 20);
  try {
    const run = await collect(child);
    return figures(run, run.code, seen.user, seen.sys, seen.rssKb);
  } finally {
    clearInterval(timer);
  }
}

function collect(child) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

function figures(run, code, userMs, sysMs, rssKb) {
  return { code, ms: run.ms, stdout: run.stdout, stderr: run.stderr, userMs, sysMs, cpuMs: userMs + sysMs, maxRssMb: rssKb / 1024 };
}
