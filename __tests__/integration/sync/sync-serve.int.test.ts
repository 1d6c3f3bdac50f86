// `srx sync serve` (run `npm run build` first) as a container runs it: JSON logs on stderr, /healthz, /readyz and
// Prometheus /metrics scraped with a real HTTP client and parsed, counters moving when the source changes, retries
// counted by status, runs.jsonl and worker.log rotated, and SIGTERM mid-run: modes restored, exit 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { freePort, startRegistries } from '../../support/registry-server.js';
import { readRegistryState, SRX_BIN } from '../../support/reliability-helpers.js';
import { avroRecord, seeder } from '../../support/seed.js';

const TEST_TIMEOUT = 120_000;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format (HELP/TYPE comments skipped; checks every sample line's shape). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not exposition format: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('srx sync serve (real registries, real process, real HTTP scrapes)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'dev' | 'prod'>>>;
  let devProxy: FaultProxy;
  let prodProxy: FaultProxy;
  let stateDir: string;
  const children: ChildProcess[] = [];
  const dev = () => seeder(servers.dev.url);

  beforeAll(async () => {
    if (!existsSync(SRX_BIN)) throw new Error('run `npm run build` first');
    servers = await startRegistries(['dev', 'prod']);
    devProxy = await startProxy({ target: servers.dev.url });
    prodProxy = await startProxy({ target: servers.prod.url });
    stateDir = mkdtempSync(join(tmpdir(), 'srx-serve-'));
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await devProxy?.stop();
    await prodProxy?.stop();
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  it(
    'serves health and metrics, counts runs, copies and retries, logs JSON, rotates its files, and stops on SIGTERM mid-run with modes restored',
    async () => {
      await dev().register('orders-value', avroRecord('Order', ['id']));
      await dev().register('payments-value', avroRecord('Payment', ['id']));
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const child = spawn(
        process.execPath,
        [SRX_BIN, 'sync', 'serve', 'dev', 'prod', '--interval', '1s', '--concurrency', '2', '--log-format', 'json', '--listen', `127.0.0.1:${port}`],
        {
          env: {
            PATH: process.env.PATH,
            HOME: stateDir,
            NO_COLOR: '1',
            SRX_STATE_DIR: stateDir,
            REGISTRIES: `dev:${devProxy.url},prod:${prodProxy.url}`,
            SRX_ROTATE_MAX_BYTES: '1500',
            SRX_ROTATE_KEEP: '2',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      children.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      const scrape = async () => {
        const response = await fetch(`${base}/metrics`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        return parseExposition(await response.text());
      };

      await until('healthz', async () => (await fetch(`${base}/healthz`)).status === 200);
      await until('readyz after the first run', async () => (await fetch(`${base}/readyz`)).status === 200);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      let m = await until('the first run copied both subjects', async () => {
        const s = await scrape();
        return value(s, 'srx_sync_versions_copied_total') === 2 ? s : undefined;
      });
      expect(value(m, 'srx_sync_runs_total', { result: 'completed' })).toBeGreaterThanOrEqual(1);
      expect(value(m, 'srx_sync_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
      expect(value(m, 'srx_sync_run_duration_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(value(m, 'srx_registry_requests_total', { registry: 'dev', method: 'GET', status: '200' })).toBeGreaterThan(0);
      expect(value(m, 'srx_registry_requests_total', { registry: 'prod', method: 'POST' })).toBeGreaterThan(0);

      // Nothing changes: the next runs are "unchanged" and read only listings (no per-subject request on either side).
      const requestsFrom = { dev: devProxy.requests.length, prod: prodProxy.requests.length };
      await until('two unchanged runs', () => stderr.split('\n').filter((l) => l.includes('"unchanged":true')).length >= 2);
      const perSubject = [...devProxy.requests.slice(requestsFrom.dev), ...prodProxy.requests.slice(requestsFrom.prod)].filter(
        (r) => /\/subjects\//.test(r.path) || /^(\/contexts\/[^/]+)?\/(config|mode)\/./.test(r.path),
      );
      expect(perSubject).toEqual([]);
      expect(devProxy.requests.slice(requestsFrom.dev).some((r) => r.path === '/schemas')).toBe(true);

      // The source changes: the next run copies it and the counters move.
      const runsBefore = value(m, 'srx_sync_runs_total');
      await dev().register('orders-value', avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]));
      m = await until('the new version copied', async () => {
        const s = await scrape();
        return value(s, 'srx_sync_versions_copied_total') === 3 ? s : undefined;
      });
      expect(value(m, 'srx_sync_runs_total')).toBeGreaterThan(runsBefore);
      expect(await seeder(servers.prod.url).versions('orders-value')).toEqual([1, 2]);

      // Two 503s from the source: retried, counted by status.
      devProxy.configure({ rules: [{ method: 'GET', status: 503, times: 2 }] });
      m = await until('retries counted by status', async () => {
        const s = await scrape();
        return value(s, 'srx_registry_retries_total', { registry: 'dev', status: '503' }) >= 2 ? s : undefined;
      });
      expect(value(m, 'srx_registry_requests_total', { registry: 'dev', status: '503' })).toBeGreaterThanOrEqual(2);

      // Logs: every stderr line is one JSON object; run events carry the run record.
      const lines = stderr
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.some((l) => l.event === 'run' && l.status === 'completed' && l.copied === 2)).toBe(true);
      expect(lines.every((l) => typeof l.time === 'string' && typeof l.level === 'string' && typeof l.msg === 'string')).toBe(true);

      // Rotation: runs.jsonl and worker.log stay under the cap, at most 2 old files each.
      const jobDir = await until('a rotated runs.jsonl', () => {
        const root = join(stateDir, 'sync');
        const dir = readdirSync(root).find((d) => d.startsWith('sync-'));
        return dir && existsSync(join(root, dir, 'runs.jsonl.1')) && existsSync(join(root, dir, 'worker.log.1')) ? join(root, dir) : undefined;
      });
      for (const name of ['runs.jsonl', 'worker.log']) {
        expect(statSync(join(jobDir, name)).size).toBeLessThanOrEqual(1500);
        expect(existsSync(join(jobDir, `${name}.3`))).toBe(false);
      }
      const lastRun = JSON.parse(readFileSync(join(jobDir, 'runs.jsonl'), 'utf8').trim().split('\n').at(-1)!).run as number;
      expect(lastRun).toBeGreaterThan(3); // run numbers continue across rotation

      // SIGTERM in the middle of a slow run: it stops cleanly, modes restored, exit 0.
      for (let i = 0; i < 12; i += 1) await dev().register(`slow-${i}-value`, avroRecord(`Slow${i}`, ['id']));
      prodProxy.configure({ latencyMs: 150 });
      await until('a run in progress with IMPORT set', async () => {
        const s = await scrape();
        return value(s, 'srx_sync_run_in_progress') === 1 && prodProxy.requests.some((r) => r.method === 'PUT' && r.path.startsWith('/mode'));
      });
      child.kill('SIGTERM');
      const code = await exited;
      expect({ code, tail: stderr.slice(-2000) }).toMatchObject({ code: 0 });
      const state = await readRegistryState(servers.prod.url);
      expect(state.mode).toBe('READWRITE');
      expect(Object.values(state.subjectModes).filter((mode) => mode !== null)).toEqual([]);
      expect(stdout).toMatch(/stopped/); // the job's final status table
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    },
    TEST_TIMEOUT,
  );

  it(
    "docs/sync.md's `srx sync serve` command runs as shown (port made free), reports ready and stops on SIGTERM",
    async () => {
      const page = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'sync.md'), 'utf8');
      const line = /^srx sync serve .*$/m.exec(page.slice(page.indexOf('## Running sync as a service')))![0];
      expect(line).toBe('srx sync serve staging prod --interval 1m --log-format json --listen 127.0.0.1:9464');
      const port = await freePort();
      const args = line
        .split(' ')
        .slice(1)
        .map((a) => a.replace('9464', String(port)));
      const child = spawn(process.execPath, [SRX_BIN, ...args], {
        env: {
          PATH: process.env.PATH,
          HOME: stateDir,
          SRX_STATE_DIR: join(stateDir, 'readme'),
          REGISTRIES: `staging:${servers.dev.url},prod:${servers.prod.url}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      await until('readyz', async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    'bad service options get one clear error line and exit 2',
    async () => {
      const run = (args: string[]) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const c = spawn(process.execPath, [SRX_BIN, ...args], {
            env: {
              PATH: process.env.PATH,
              HOME: stateDir,
              NO_COLOR: '1',
              SRX_STATE_DIR: join(stateDir, 'bad'),
              REGISTRIES: `dev:${devProxy.url},prod:${prodProxy.url}`,
            },
          });
          let err = '';
          c.stderr.on('data', (d) => {
            err += d;
          });
          c.once('close', (code) => resolve({ code, stderr: err }));
        });
      const badListen = await run(['sync', 'serve', 'dev', 'prod', '--interval', '1m', '--listen', 'nonsense']);
      expect(badListen).toEqual({ code: 2, stderr: expect.stringMatching(/^error: invalid --listen "nonsense"/) });
      const background = await run(['sync', 'schedule', 'dev', 'prod', '--interval', '1m', '--listen', '127.0.0.1:9']);
      expect(background).toEqual({ code: 2, stderr: expect.stringMatching(/^error: --listen and --log-format apply to a job running in this process/) });
      const badFormat = await run(['sync', 'serve', 'dev', 'prod', '--interval', '1m', '--log-format', 'xml']);
      expect(badFormat).toEqual({ code: 2, stderr: expect.stringMatching(/^error: option '--log-format <format>' argument 'xml' is invalid/) });
      expect(badFormat.stderr).not.toMatch(/^\s+at /m);
    },
    TEST_TIMEOUT,
  );
});
