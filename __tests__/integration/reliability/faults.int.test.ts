// Faults through the proxy during migrate, sync and compare: 10% 5xx, 5% dropped connections, bursts of 429 with
// Retry-After, a registry that hangs (--timeout), a registry that goes down mid-run and comes back (within the retry
// window: the run completes; for longer: exit 4, a journal that says what was and was not written, modes left
// changed reported, and a re-run that completes it and puts the modes back).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy, type ProxyOptions } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { appliedRegistrations, firstJournal, readJournals, seedEstate } from '../../support/reliability-estate.js';
import {
  expectCleanError,
  modesLeftBehind,
  pollUntil,
  readRegistryState,
  REGISTRATION,
  spawnSrx,
  type RegistryState,
} from '../../support/reliability-helpers.js';
import { runCli } from '../../support/run-cli.js';

const CONTEXTS = ['.', '.team-a'];
let source: RegistryServer;
let sourceProxy: FaultProxy;
let sourceState: Record<string, RegistryState>;
let dir: string;
let round = 0;

async function stateOf(url: string, contexts = CONTEXTS): Promise<Record<string, RegistryState>> {
  const out: Record<string, RegistryState> = {};
  for (const context of contexts) out[context] = await readRegistryState(url, context);
  return out;
}

beforeAll(async () => {
  source = await startRegistry();
  await seedEstate(source.url, { count: 60, teamA: 10 });
  sourceState = await stateOf(source.url);
  sourceProxy = await startProxy({ target: source.url });
  dir = mkdtempSync(join(tmpdir(), 'srx-faults-'));
}, 60_000);

afterAll(async () => {
  await sourceProxy?.stop();
  await source?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => sourceProxy.configure({ status5xxRate: 0, dropRate: 0, rules: [], hang: false }));

/** A fresh target behind its own proxy, and a state directory, for one case. */
async function freshTarget() {
  const target = await startRegistry();
  const proxy = await startProxy({ target: target.url });
  const stateDir = join(dir, `state-${round++}`);
  const env = { REGISTRIES: `src:${sourceProxy.url},tgt:${proxy.url}`, SRX_STATE_DIR: stateDir };
  return {
    target,
    proxy,
    stateDir,
    env,
    stop: async () => {
      await proxy.stop();
      await target.stop();
    },
  };
}

async function expectConverged(targetUrl: string, contexts = CONTEXTS): Promise<void> {
  const state = await stateOf(targetUrl, contexts);
  for (const context of contexts) {
    expect(state[context]!.versions).toEqual(sourceState[context]!.versions);
    expect(modesLeftBehind(state[context]!)).toEqual([]);
  }
}

/** The journal only claims registrations the target holds, with their ids. */
async function expectJournalTrue(stateDir: string, targetUrl: string): Promise<void> {
  const state = await stateOf(targetUrl);
  for (const lines of readJournals(stateDir).values()) {
    for (const [key, id] of appliedRegistrations(lines)) {
      const [context, subject, version] = key.split('|');
      expect(state[context!]!.versions[subject!]).toContain(`${version}:${id}:live`);
    }
  }
}

const randomFaults: Array<{ name: string; faults: Partial<ProxyOptions>; retried: RegExp }> = [
  { name: '10% 5xx', faults: { status5xxRate: 0.1, seed: 7 }, retried: /retry \d+ in \d+ ms: .*503/ },
  { name: '5% dropped connections', faults: { dropRate: 0.05, seed: 11 }, retried: /retry \d+ in \d+ ms: .*(socket hang up|ECONNRESET)/ },
  {
    name: 'bursts of 429 with Retry-After',
    faults: {
      rules: [
        { path: '/contexts', times: 2 },
        { path: /^\/(contexts\/[^/]+\/)?schemas/, times: 3 },
        { path: /\/(config|mode)\//, times: 3 },
        { method: 'POST', times: 3 },
      ].map((burst) => ({
        ...burst,
        status: 429,
        headers: { 'retry-after': '1', 'content-type': 'application/json' },
        body: '{"error_code":42901,"message":"rate limited"}',
      })),
    },
    retried: /retry \d+ in 1000 ms: .*429/,
  },
];

describe('migrate through faults', () => {
  it.each(randomFaults)(
    '$name on both registries: completes, target = source, retries logged',
    async ({ faults, retried }) => {
      const t = await freshTarget();
      try {
        sourceProxy.configure(faults);
        t.proxy.configure(faults);
        const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--yes', '--json', '--verbose'], { env: t.env });
        expect({ code: run.exitCode, status: run.json().status }).toEqual({ code: 0, status: 'completed' });
        expect(run.stderr).toMatch(retried);
        t.proxy.configure({ status5xxRate: 0, dropRate: 0, rules: [] });
        await expectConverged(t.target.url);
        await expectJournalTrue(t.stateDir, t.target.url);
      } finally {
        await t.stop();
      }
    },
    90_000,
  );

  it('a target whose writes hang at first: --timeout, retried, completes', async () => {
    const t = await freshTarget();
    try {
      t.proxy.configure({ rules: [{ method: 'POST', path: REGISTRATION, hang: true, times: 4 }] });
      const run = await runCli(['--timeout', '300', 'migrate', 'registry', 'src', 'tgt', '--yes', '--json', '--verbose'], { env: t.env });
      expect({ code: run.exitCode, status: run.json().status }).toEqual({ code: 0, status: 'completed' });
      expect(run.stderr).toMatch(/retry 1 in \d+ ms: .*no answer within 300 ms/);
      await expectConverged(t.target.url);
    } finally {
      await t.stop();
    }
  }, 90_000);

  it('a target that goes down mid-run for a moment: retried, completes', async () => {
    const t = await freshTarget();
    try {
      const running = runCli(['migrate', 'registry', 'src', 'tgt', '--yes', '--json'], { env: t.env });
      await pollUntil(() => [...readJournals(t.stateDir).values()].some((lines) => appliedRegistrations(lines).size >= 10), 800, 5);
      t.proxy.configure({ dropRate: 1 });
      await new Promise((r) => setTimeout(r, 400));
      t.proxy.configure({ dropRate: 0 });
      const run = await running;
      expect({ code: run.exitCode, status: run.json().status }).toEqual({ code: 0, status: 'completed' });
      await expectConverged(t.target.url);
      await expectJournalTrue(t.stateDir, t.target.url);
    } finally {
      await t.stop();
    }
  }, 90_000);

  it('a target that goes down mid-run and stays down: exit 4, a true journal, modes reported; a re-run completes it', async () => {
    const t = await freshTarget();
    // One version per request (--no-bulk-import): the target goes down between two of them.
    const args = ['migrate', 'context', '.team-a', 'src', 'tgt', '--yes', '--json', '--concurrency', '2', '--no-bulk-import'];
    // Down behind its load balancer: every request answered 503 at once (Retry-After: 0 keeps the retries quick).
    const down = {
      latencyMs: 0,
      rules: [{ status: 503, headers: { 'retry-after': '0', 'content-type': 'text/html' }, body: '<html><body>503 Service Unavailable</body></html>' }],
    };
    try {
      t.proxy.configure({ latencyMs: 40 });
      const running = runCli(args, { env: t.env });
      await pollUntil(() => [...readJournals(t.stateDir).values()].some((lines) => appliedRegistrations(lines).size >= 3), 800, 5);
      t.proxy.configure(down);
      const run = await running;
      expect(run.exitCode).toBe(4);
      const result = run.json();
      expect(result.status).toBe('partial');
      const applied = result.steps.filter((s: any) => s.status === 'applied');
      const failed = result.steps.filter((s: any) => s.status === 'failed');
      expect(applied.length).toBeGreaterThanOrEqual(3);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((s: any) => /503 \(an HTML page|depends on/.test(s.error.message))).toBe(true);
      // What was and was not written: the result, the journal and the registry agree.
      t.proxy.configure({ rules: [] });
      const state = await stateOf(t.target.url, ['.team-a']);
      const written = Object.entries(state['.team-a']!.versions)
        .flatMap(([s, rows]) => rows.map((r) => `${s}:${r.split(':')[0]}`))
        .sort();
      expect(applied.map((s: any) => `${s.subject}:${s.version}`).sort()).toEqual(written);
      const [id, lines] = firstJournal(t.stateDir);
      expect([...appliedRegistrations(lines).keys()].map((k) => k.split('|').slice(1).join(':')).sort()).toEqual(written);
      // The registry was down when srx tried to put IMPORT back: it says so, and status lists it.
      expect(state['.team-a']!.mode).toBe('IMPORT');
      expect(result.warnings.map((w: any) => w.message).join('\n')).toMatch(/mode not restored/);
      const status = await runCli(['migrate', 'status', id, '--json'], { env: t.env });
      expect(status.json()).toMatchObject({
        status: 'partial',
        modesLeftChanged: [expect.objectContaining({ context: '.team-a', subject: null, restored: false })],
      });

      const rerun = await runCli(args, { env: t.env });
      expect({ code: rerun.exitCode, status: rerun.json().status }).toEqual({ code: 0, status: 'completed' });
      await expectConverged(t.target.url, ['.team-a']);
      const after = await runCli(['migrate', 'status', id, '--json'], { env: t.env });
      expect(after.json().modesLeftChanged).toEqual([]);
    } finally {
      await t.stop();
    }
  }, 120_000);
});

describe('credentials revoked mid-run', () => {
  it('403 on writes after a few registrations: exit 4, the journal lists what failed; a re-run completes', async () => {
    const t = await freshTarget();
    const args = ['migrate', 'registry', 'src', 'tgt', '--yes', '--json', '--concurrency', '2'];
    try {
      t.proxy.configure({ latencyMs: 10 });
      const running = runCli(args, { env: t.env });
      await pollUntil(() => [...readJournals(t.stateDir).values()].some((lines) => appliedRegistrations(lines).size >= 5), 800, 5);
      t.proxy.configure({
        latencyMs: 0,
        rules: [
          {
            method: 'POST',
            path: REGISTRATION,
            status: 403,
            body: '{"error_code":40301,"message":"User is denied operation Write"}',
            headers: { 'content-type': 'application/json' },
          },
        ],
      });
      const run = await running;
      expect(run.exitCode).toBe(4);
      const failed = run.json().steps.filter((s: any) => s.status === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.filter((s: any) => !/depends on/.test(s.error.message)).every((s: any) => /403 forbidden/.test(s.error.message))).toBe(true);
      t.proxy.configure({ rules: [] });
      await expectJournalTrue(t.stateDir, t.target.url);
      expect(modesLeftBehind((await stateOf(t.target.url))['.']!)).toEqual([]);
      const rerun = await runCli(args, { env: t.env });
      expect({ code: rerun.exitCode, status: rerun.json().status }).toEqual({ code: 0, status: 'completed' });
      await expectConverged(t.target.url);
    } finally {
      await t.stop();
    }
  }, 90_000);
});

describe('sync through faults', () => {
  it.each(randomFaults)(
    '$name: a one-shot sync completes and the target equals the source',
    async ({ faults }) => {
      const t = await freshTarget();
      try {
        sourceProxy.configure(faults);
        t.proxy.configure(faults);
        const run = await runCli(['sync', 'registries', 'src', 'tgt', '--yes', '--json'], { env: t.env });
        expect(run.exitCode).toBe(0);
        t.proxy.configure({ status5xxRate: 0, dropRate: 0, rules: [] });
        await expectConverged(t.target.url);
        await expectJournalTrue(t.stateDir, t.target.url);
      } finally {
        await t.stop();
      }
    },
    90_000,
  );
});

describe('a scheduled sync through an outage', () => {
  it('runs fail while the target is down (state failing, the error recorded), then it catches up and converges', async () => {
    const t = await freshTarget();
    const down = { rules: [{ status: 503, headers: { 'retry-after': '0', 'content-type': 'text/html' }, body: '<html>503</html>' }] };
    const status = async () => (await runCli(['--json', 'sync', 'status'], { env: t.env })).json().jobs[0];
    try {
      t.proxy.configure(down);
      const worker = spawnSrx(['sync', 'schedule', 'src', 'tgt', '--interval', '1s', '--foreground', '--yes', '--state-dir', t.stateDir], t.env);
      const failing = await pollUntil(
        async () => {
          const job = await status().catch(() => undefined);
          return job?.state === 'failing' && job.failedRuns >= 2 ? job : undefined;
        },
        300,
        100,
      );
      expect(failing).toMatchObject({ state: 'failing', lastRun: { status: 'failed', error: expect.stringMatching(/tgt: .* → 503/) } });
      t.proxy.configure({ rules: [] });
      const healthy = await pollUntil(
        async () => {
          const job = await status();
          return job.state === 'running' && job.lastRun?.status === 'completed' ? job : undefined;
        },
        300,
        100,
      );
      expect(healthy).toBeDefined();
      worker.child.kill('SIGTERM');
      const exited = await worker.done;
      expect([0, 130]).toContain(exited.code);
      expect(exited.stderr).not.toMatch(/^\s{4}at /m);
      await expectConverged(t.target.url);
      expect((await status()).state).toBe('stopped');
    } finally {
      await t.stop();
    }
  }, 90_000);
});

describe('compare through faults', () => {
  let t: Awaited<ReturnType<typeof freshTarget>>;
  beforeAll(async () => {
    t = await freshTarget();
    const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--yes'], { env: t.env });
    expect(run.exitCode).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });
  afterEach(() => t.proxy.configure({ status5xxRate: 0, dropRate: 0, rules: [], hang: false }));

  it.each(randomFaults)(
    '$name: the same answer as without faults',
    async ({ faults }) => {
      const clean = await runCli(['compare', 'src', 'tgt', '--json'], { env: t.env });
      sourceProxy.configure(faults);
      t.proxy.configure(faults);
      const faulty = await runCli(['compare', 'src', 'tgt', '--json'], { env: t.env });
      expect(faulty.exitCode).toBe(0);
      expect(faulty.json().summary).toEqual(clean.json().summary);
      expect(faulty.json().subjects).toEqual(clean.json().subjects);
    },
    60_000,
  );

  it('a registry that hangs: --timeout, one clean error, exit 3', async () => {
    t.proxy.configure({ hang: true });
    const run = await runCli(['--timeout', '200', 'compare', 'src', 'tgt'], { env: t.env });
    expectCleanError(run, 3, /tgt: GET \S+ → no answer within 200 ms/, 'hang');
  }, 60_000);

  it('a registry that is down: exit 3 naming it', async () => {
    t.proxy.configure({ dropRate: 1 });
    const run = await runCli(['compare', 'src', 'tgt'], { env: t.env });
    expectCleanError(run, 3, /tgt: GET \S+ → .*(socket hang up|ECONNRESET)/, 'down');
  }, 60_000);
});
