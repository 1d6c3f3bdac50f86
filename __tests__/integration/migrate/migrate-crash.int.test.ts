import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

// Runs the built CLI (dist/) as a real process: `npm test` builds first.
const BIN = join(process.cwd(), 'bin', 'srx.js');
const SUBJECTS = 40;

describe('srx migrate: crash, resume, re-run, signals, lock (spawned processes, real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'dst'>>>;
  let proxy: FaultProxy;
  let stateDir: string;
  let env: Record<string, string>;
  const src = () => seeder(servers.src.url);
  const dst = () => seeder(servers.dst.url);

  const seedContext = async (context: string, idBase: number) => {
    for (let i = 0; i < SUBJECTS; i++) {
      const name = `s${String(i).padStart(3, '0')}-value`;
      await src().importVersion(name, avroRecord(`S${i}`, ['id']), idBase + 2 * i, 1, context);
      await src().importVersion(name, avroRecord(`S${i}`, ['id', { name: 'x', type: 'string', default: '' }]), idBase + 2 * i + 1, 2, context);
    }
  };

  /** Spawns `srx migrate …`; resolves once the journal holds at least `steps` confirmed steps. */
  const spawnMigration = (args: string[]): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, HOME: stateDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.resume();
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : code)));
    return { child, exit, stderr: () => stderr };
  };

  const journalSteps = (): { id: string; steps: number } => {
    const dir = join(stateDir, 'migrations');
    if (!existsSync(dir)) return { id: '', steps: 0 };
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort();
    const last = files.at(-1);
    if (!last) return { id: '', steps: 0 };
    const text = readFileSync(join(dir, last), 'utf8');
    return { id: last.replace(/\.jsonl$/, ''), steps: (text.match(/"type":"step"/g) ?? []).length };
  };

  const waitForSteps = async (n: number, since = '') => {
    for (let i = 0; i < 1000; i++) {
      const seen = journalSteps();
      if (seen.id > since && seen.steps >= n) return seen.id;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the migration did not start');
  };

  const versionsComplete = async (context: string) => {
    for (let i = 0; i < SUBJECTS; i++) {
      const name = `s${String(i).padStart(3, '0')}-value`;
      expect(await dst().versions(name, context, true)).toEqual([1, 2]);
    }
  };

  beforeAll(async () => {
    servers = await startRegistries(['src', 'dst']);
    proxy = await startProxy({ target: servers.dst.url, latencyMs: 15 });
    stateDir = mkdtempSync(join(tmpdir(), 'srx-migrate-crash-'));
    env = { REGISTRIES: `src:${servers.src.url},dst:${proxy.url}`, SRX_STATE_DIR: stateDir, NO_COLOR: '1' };
    await seedContext('.one', 1000);
    await seedContext('.two', 2000);
    await seedContext('.three', 3000);
  });

  afterAll(async () => {
    await proxy?.stop();
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  // These runs write one version per request (--no-bulk-import), so the kill lands between two writes; a kill
  // around a bulk import is in migrate-bulk-import.int.test.ts.
  it('kill -9 mid-run: status shows the mode left changed; resume completes it, nothing lost or duplicated, modes restored', async () => {
    const run = spawnMigration(['migrate', 'context', '.one', 'src', 'dst', '--concurrency', '2', '--no-bulk-import']);
    const id = await waitForSteps(5);
    run.child.kill('SIGKILL');
    await run.exit;
    expect(await dst().getMode(null, '.one')).toBe('IMPORT');

    const status = await runCli(['migrate', 'status', id, '--json'], { env });
    expect(status.json()).toMatchObject({
      status: 'interrupted',
      running: false,
      modesLeftChanged: [{ context: '.one', subject: null, previous: 'READWRITE', restored: false }],
    });
    expect(status.json().counts.registered).toBeGreaterThanOrEqual(5);

    const resumed = await runCli(['migrate', 'resume', id, '--json'], { env });
    expect(resumed.exitCode).toBe(0);
    expect(resumed.json()).toMatchObject({ id, status: 'completed' });
    await versionsComplete('.one');
    expect((await dst().version('s007-value', 2, '.one')).id).toBe(1015);
    expect(await dst().getMode(null, '.one')).toBe('READWRITE');
    expect(await dst().getMode('s003-value', '.one')).toBeNull();
    const after = await runCli(['migrate', 'status', id, '--json'], { env });
    expect(after.json()).toMatchObject({ status: 'completed', modesLeftChanged: [] });
  }, 60_000);

  it('kill -9, then the same command again: completes it and restores the mode the crashed run recorded', async () => {
    const before = journalSteps().id;
    const run = spawnMigration(['migrate', 'context', '.two', 'src', 'dst', '--concurrency', '2', '--no-bulk-import']);
    await waitForSteps(5, before);
    run.child.kill('SIGKILL');
    await run.exit;
    expect(await dst().getMode(null, '.two')).toBe('IMPORT');
    const again = await runCli(['migrate', 'context', '.two', 'src', 'dst', '--json'], { env });
    expect(again.exitCode).toBe(0);
    expect(again.json().status).toBe('completed');
    await versionsComplete('.two');
    expect(await dst().getMode(null, '.two')).toBe('READWRITE');
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: exit 130 after restoring every mode it changed; a lock keeps a second run out meanwhile',
    async (signal) => {
      const before = journalSteps().id;
      // One version per request (--no-bulk-import): still writing when the signal comes.
      const run = spawnMigration(['migrate', 'context', '.three', 'src', 'dst', '--concurrency', '1', '--no-bulk-import']);
      const id = await waitForSteps(2, before);
      const second = await runCli(['migrate', 'context', '.three', 'src', 'dst', '--json'], { env });
      expect(second.exitCode).toBe(2);
      expect(second.json().error.code).toBe('E_MIGRATION_LOCKED');
      run.child.kill(signal);
      expect(await run.exit).toBe(130);
      expect(run.stderr()).toMatch(/restoring registry modes/);
      expect(await dst().getMode(null, '.three')).toBe('READWRITE');
      const status = await runCli(['migrate', 'status', id, '--json'], { env });
      expect(status.json()).toMatchObject({ status: 'interrupted', modesLeftChanged: [] });
      if (signal === 'SIGINT') {
        const finish = await runCli(['migrate', 'context', '.three', 'src', 'dst', '--json'], { env });
        expect(finish.json().status).toBe('completed');
        await versionsComplete('.three');
      }
    },
    60_000,
  );
});
