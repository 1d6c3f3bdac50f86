// The state directory: concurrent readers (`migrate status`/`list` while a migration runs in another process), an
// unwritable directory (under a regular file, under /proc, /dev/full) and a full disk (a small tmpfs, when this
// machine lets the test mount one) give a clear error before any registry write; a disk that fills mid-run stops the
// migration at once with its modes restored, and `migrate resume` completes it once there is space.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { appliedRegistrations, firstJournal, readJournals, seedEstate } from '../../support/reliability-estate.js';
import { expectCleanError, modesLeftBehind, readRegistryState, spawnSrx, writesSince } from '../../support/reliability-helpers.js';
import { runCli } from '../../support/run-cli.js';

let source: RegistryServer;
let dir: string;

beforeAll(async () => {
  source = await startRegistry();
  await seedEstate(source.url, { count: 40, teamA: 0 });
  dir = mkdtempSync(join(tmpdir(), 'srx-statedir-'));
  writeFileSync(join(dir, 'a-file'), 'not a directory');
}, 60_000);

afterAll(async () => {
  await source?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh target behind a recording proxy. */
async function freshTarget(latencyMs = 0) {
  const target = await startRegistry();
  const proxy: FaultProxy = await startProxy({ target: target.url, latencyMs });
  return {
    target,
    proxy,
    env: { REGISTRIES: `src:${source.url},tgt:${proxy.url}` },
    stop: async () => {
      await proxy.stop();
      await target.stop();
    },
  };
}

describe('concurrent readers', () => {
  it('migrate status and list read a journal another process is writing, every time', async () => {
    const t = await freshTarget(10);
    const stateDir = join(dir, 'readers');
    try {
      const run = spawnSrx(['migrate', 'registry', 'src', 'tgt', '--yes', '--state-dir', stateDir, '--concurrency', '2'], t.env);
      let finished = false;
      void run.done.then(() => {
        finished = true;
      });
      const seen = new Set<string>();
      let reads = 0;
      while (!finished && reads < 400) {
        const [id] = [...readJournals(stateDir).keys()];
        if (id) {
          const status = await runCli(['migrate', 'status', id, '--json', '--state-dir', stateDir], { env: t.env });
          const list = await runCli(['migrate', 'list', '--json', '--state-dir', stateDir], { env: t.env });
          expect([status.exitCode, list.exitCode]).toEqual([0, 0]);
          seen.add(status.json().status);
          expect(list.json().migrations.map((m: any) => m.error)).toEqual([undefined]);
          reads += 1;
        } else {
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      expect((await run.done).code).toBe(0);
      expect(reads).toBeGreaterThan(3);
      expect(seen).toContain('running');
      const [id] = [...readJournals(stateDir).keys()];
      const final = await runCli(['migrate', 'status', id!, '--json', '--state-dir', stateDir], { env: t.env });
      expect(final.json()).toMatchObject({ status: 'completed', running: false, modesLeftChanged: [] });
    } finally {
      await t.stop();
    }
  }, 90_000);
});

describe('an unwritable state directory: a clear error before any registry write', () => {
  let t: Awaited<ReturnType<typeof freshTarget>>;
  beforeAll(async () => {
    t = await freshTarget();
  });
  afterAll(async () => {
    await t?.stop();
  });

  const CASES: Array<{ name: string; args: () => string[]; message: RegExp }> = [
    {
      name: '--state-dir under a regular file (migrate)',
      args: () => ['--state-dir', join(dir, 'a-file', 'state'), 'migrate', 'registry', 'src', 'tgt', '--yes'],
      message: /cannot create state directory .*a-file\/state.*: ENOTDIR/,
    },
    {
      name: '--state-dir under /proc (migrate)',
      args: () => ['--state-dir', '/proc/srx-state', 'migrate', 'registry', 'src', 'tgt', '--yes'],
      message: /\/proc\/srx-state.*: (ENOENT|EACCES|EPERM)/,
    },
    {
      name: 'SRX_STATE_DIR under a regular file (sync)',
      args: () => ['sync', 'registries', 'src', 'tgt', '--yes'],
      message: /cannot create state directory .*a-file\/sync-state.*: ENOTDIR/,
    },
    {
      name: '--state-dir under a regular file (sync schedule)',
      args: () => ['--state-dir', join(dir, 'a-file', 'jobs'), 'sync', 'schedule', 'src', 'tgt', '--interval', '1h', '--yes'],
      message: /cannot create state directory .*a-file\/jobs.*: ENOTDIR/,
    },
    {
      name: '--state-dir under a regular file (import)',
      args: () => ['--state-dir', join(dir, 'a-file', 'imp'), 'import', join(dir, 'src.json'), 'tgt', '--yes'],
      message: /cannot create state directory .*a-file\/imp.*: ENOTDIR/,
    },
    {
      name: '--state-dir under a regular file (registry use)',
      args: () => ['--state-dir', join(dir, 'a-file', 'use'), 'registry', 'use', 'tgt'],
      message: /a-file\/use.*ENOTDIR/,
    },
    {
      name: '--plan-out to /dev/full',
      args: () => ['migrate', 'preview', 'src', 'tgt', '--plan-out', '/dev/full'],
      message: /cannot write \/dev\/full: ENOSPC/,
    },
    {
      name: 'export -o to /dev/full',
      args: () => ['export', 'src', '-o', '/dev/full', '--format', 'json'],
      message: /cannot write the export to \/dev\/full: ENOSPC/,
    },
    {
      name: 'export -o under a regular file',
      args: () => ['export', 'src', '-o', join(dir, 'a-file', 'x.json')],
      message: /cannot write the export to .*a-file\/x\.json: (EEXIST|ENOTDIR)/,
    },
    { name: 'report -o to /dev/full', args: () => ['migrate', 'report', 'src', 'tgt', '-o', '/dev/full'], message: /cannot write \/dev\/full: ENOSPC/ },
  ];

  beforeAll(async () => {
    expect((await runCli(['export', 'src', '-o', join(dir, 'src.json')], { env: t.env })).exitCode).toBe(0);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const from = t.proxy.requests.length;
    const run = await runCli(c.args(), { env: { ...t.env, SRX_STATE_DIR: join(dir, 'a-file', 'sync-state') } });
    expectCleanError(run, 2, c.message, c.name);
    expect(writesSince(t.proxy, from)).toEqual([]);
  });

  it('/dev/full is still a device (srx writes into a device, never renames over it)', () => {
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('left the target untouched', async () => {
    const state = await readRegistryState(t.target.url);
    expect(state.versions).toEqual({});
    expect(modesLeftBehind(state)).toEqual([]);
  });
});

/** Mounts a tmpfs of `pages` 4 KiB pages; undefined when this machine does not allow it. */
function mountTmpfs(pages: number): { path: string; unmount: () => void } | undefined {
  const path = mkdtempSync(join(tmpdir(), 'srx-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${pages * 4}k`, 'tmpfs', path], { stdio: 'ignore' });
  } catch {
    rmSync(path, { recursive: true, force: true });
    return undefined;
  }
  return {
    path,
    unmount: () => {
      execFileSync('umount', [path], { stdio: 'ignore' });
      rmSync(path, { recursive: true, force: true });
    },
  };
}

const probe = mountTmpfs(1);
probe?.unmount();
const describeFullDisk = probe ? describe : describe.skip;
if (!probe) console.warn('state-dir: cannot mount a tmpfs here (not root?): full-disk cases skipped');

describeFullDisk('a full disk', () => {
  /** Fills a 16-page tmpfs, leaving `free` pages. */
  function fullDisk(free: number) {
    const fs = mountTmpfs(16)!;
    writeFileSync(join(fs.path, 'filler'), Buffer.alloc((16 - free) * 4096));
    mkdirSync(join(fs.path, 'state'));
    return { ...fs, stateDir: join(fs.path, 'state'), free: () => rmSync(join(fs.path, 'filler')) };
  }

  it.each([
    { free: 0, message: /cannot create lock .*: ENOSPC/ },
    { free: 1, message: /cannot write journal .*: ENOSPC/ },
  ])(
    'with $free free page(s): a clear error before any registry write',
    async ({ free, message }) => {
      const t = await freshTarget();
      const disk = fullDisk(free);
      try {
        const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--yes', '--state-dir', disk.stateDir], { env: t.env });
        expectCleanError({ ...run, stderr: run.stderr.replace(/^migration m-\S+\n/m, '') }, 2, message, `free ${free}`);
        expect(writesSince(t.proxy, 0)).toEqual([]);
        disk.free();
        const list = await runCli(['migrate', 'list', '--json', '--state-dir', disk.stateDir], { env: t.env });
        expect(list.json().migrations).toEqual([]);
        const again = await runCli(['migrate', 'registry', 'src', 'tgt', '--yes', '--state-dir', disk.stateDir], { env: t.env });
        expect(again.exitCode).toBe(0);
      } finally {
        disk.unmount();
        await t.stop();
      }
    },
    60_000,
  );

  it('filling up mid-run: stops at once, modes restored, exit 2; resume completes once there is space', async () => {
    const t = await freshTarget(5);
    const disk = fullDisk(2);
    try {
      // One version per request (--no-bulk-import): a journal record per write, so the disk fills up mid-run.
      const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--yes', '--concurrency', '2', '--no-bulk-import', '--state-dir', disk.stateDir], {
        env: t.env,
      });
      expectCleanError(
        { ...run, stderr: run.stderr.replace(/^migration m-\S+\n/m, '') },
        2,
        /cannot write journal .*: ENOSPC; srx stopped writing to the target after the last recorded step and restored the modes it changed/,
        'mid-run',
      );
      const state = await readRegistryState(t.target.url);
      expect(modesLeftBehind(state)).toEqual([]);
      const written = Object.values(state.versions).flat().length;
      const [id, lines] = firstJournal(disk.stateDir);
      const recorded = appliedRegistrations(lines);
      for (const [key, targetId] of recorded) {
        const [, subject, version] = key.split('|');
        expect(state.versions[subject!]).toContain(`${version}:${targetId}:live`);
      }
      // Stopped at once: beyond what the journal holds, only the writes in flight or awaiting the failed group commit
      // (at most two per worker at --concurrency 2); the next run finds them by lookup.
      expect(written).toBeLessThan(60);
      expect(written - recorded.size).toBeLessThanOrEqual(4);

      disk.free();
      const resumed = await runCli(['migrate', 'resume', id, '--yes', '--json', '--state-dir', disk.stateDir], { env: t.env });
      expect({ code: resumed.exitCode, status: resumed.json().status }).toEqual({ code: 0, status: 'completed' });
      expect((await runCli(['compare', 'src', 'tgt'], { env: t.env })).exitCode).toBe(0);
      expect(modesLeftBehind(await readRegistryState(t.target.url))).toEqual([]);
    } finally {
      disk.unmount();
      await t.stop();
    }
  }, 60_000);
});
