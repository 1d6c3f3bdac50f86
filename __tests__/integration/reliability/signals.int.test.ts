// SIGINT and SIGTERM during a real `node bin/srx.js migrate` (run `npm run build` first): the process restores every
// mode it changed and exits 130, the journal says "interrupted" and what was written, and a second SIGINT while it
// restores does not leave a half-restored registry. `migrate resume` then completes the migration.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { appliedRegistrations, firstJournal, readJournals, seedEstate } from '../../support/reliability-estate.js';
import { modesLeftBehind, pollUntil, readRegistryState, runSrx, spawnSrx, type RegistryState } from '../../support/reliability-helpers.js';
import { avroRecord, seeder } from '../../support/seed.js';

const CONTEXTS = ['.', '.team-a'];
let source: RegistryServer;
let sourceState: Record<string, RegistryState>;
let dir: string;

async function stateOf(url: string): Promise<Record<string, RegistryState>> {
  const out: Record<string, RegistryState> = {};
  for (const context of CONTEXTS) out[context] = await readRegistryState(url, context);
  return out;
}

beforeAll(async () => {
  source = await startRegistry();
  await seedEstate(source.url, { count: 60, teamA: 10 });
  sourceState = await stateOf(source.url);
  dir = mkdtempSync(join(tmpdir(), 'srx-signals-'));
}, 60_000);

afterAll(async () => {
  await source?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const CASES = [
  { name: 'SIGINT', signals: ['SIGINT'] as NodeJS.Signals[], latencyMs: 15 },
  { name: 'SIGTERM', signals: ['SIGTERM'] as NodeJS.Signals[], latencyMs: 15 },
  // Slower answers keep the restore going long enough for the second signal to land in it.
  { name: 'SIGINT twice (the second while restoring)', signals: ['SIGINT', 'SIGINT'] as NodeJS.Signals[], latencyMs: 40 },
];

describe('signals during a migration', () => {
  it.each(CASES)(
    '$name: modes restored, exit 130, journal interrupted; resume completes',
    async ({ signals, latencyMs }) => {
      const target = await startRegistry();
      // The target already holds common-value (same id and version), so `.` is not empty: new subjects enter IMPORT
      // one by one (subject scope), while the empty `.team-a` enters IMPORT as a whole (context scope).
      await seeder(target.url).importVersion('common-value', avroRecord('Common', ['key']), 1, 1);
      await seeder(target.url).setMode('s-003', 'READWRITE');
      const before = await stateOf(target.url);
      const proxy = await startProxy({ target: target.url, latencyMs });
      const stateDir = join(dir, `state-${signals.join('-')}`);
      const env = { REGISTRIES: `src:${source.url},tgt:${proxy.url}` };
      try {
        // One version per request (--no-bulk-import): the run lasts long enough to be interrupted mid-write.
        const run = spawnSrx(['migrate', 'registry', 'src', 'tgt', '--yes', '--state-dir', stateDir, '--concurrency', '4', '--no-bulk-import'], env);
        const started = await pollUntil(() => [...readJournals(stateDir).values()].some((lines) => appliedRegistrations(lines).size >= 5), 600, 10);
        expect(started).toBe(true);
        run.child.kill(signals[0]);
        if (signals[1]) {
          await pollUntil(() => /restoring/.test(run.output().stderr), 200, 5);
          run.child.kill(signals[1]);
        }
        const result = await run.done;
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 130, stderr: expect.stringMatching(/restoring registry modes/) });
        if (signals[1]) expect(result.stderr).toMatch(/still restoring modes; please wait/);
        expect(result.stderr).not.toMatch(/^\s{4}at /m);

        // Every mode is back exactly as it was (s-003 keeps its own READWRITE; no IMPORT anywhere).
        const after = await stateOf(target.url);
        for (const context of CONTEXTS) {
          expect(after[context]!.mode).toBe(before[context]!.mode);
          const modes = Object.fromEntries(Object.entries(after[context]!.subjectModes).filter(([, m]) => m !== null));
          expect(modes).toEqual(context === '.' ? { 's-003': 'READWRITE' } : {});
        }
        // The journal: interrupted, no mode left changed, and what it says was registered is there.
        const [id, lines] = firstJournal(stateDir);
        expect(lines.at(-1)).toMatchObject({ type: 'status', status: 'interrupted' });
        const scopes = (type: string) =>
          lines
            .filter((l) => l.type === type)
            .map((l) => `${l.context}|${l.subject}`)
            .sort();
        expect(scopes('mode-set').length).toBeGreaterThan(0);
        expect(scopes('mode-restored')).toEqual(scopes('mode-set'));
        for (const [key, targetId] of appliedRegistrations(lines)) {
          const [context, subject, version] = key.split('|');
          expect(after[context!]!.versions[subject!]).toContain(`${version}:${targetId}:live`);
        }
        const status = await runSrx(['migrate', 'status', id, '--json', '--state-dir', stateDir], env);
        expect(JSON.parse(status.stdout)).toMatchObject({ status: 'interrupted', running: false, modesLeftChanged: [] });

        const resumed = await runSrx(['migrate', 'resume', id, '--yes', '--json', '--state-dir', stateDir], env);
        expect({ code: resumed.code, stderr: resumed.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
        const done = await stateOf(target.url);
        for (const context of CONTEXTS) {
          expect(done[context]!.versions).toEqual(sourceState[context]!.versions);
          expect(modesLeftBehind(done[context]!)).toEqual(context === '.' ? ['s-003=READWRITE'] : []);
        }
      } finally {
        await proxy.stop();
        await target.stop();
      }
    },
    90_000,
  );
});

describe('signals during other commands', () => {
  it('SIGINT during a one-shot sync: modes restored, exit 130', async () => {
    const target = await startRegistry();
    const proxy = await startProxy({ target: target.url, latencyMs: 15 });
    const stateDir = join(dir, 'state-sync');
    try {
      const run = spawnSrx(['sync', 'registries', 'src', 'tgt', '--yes', '--state-dir', stateDir, '--concurrency', '4'], {
        REGISTRIES: `src:${source.url},tgt:${proxy.url}`,
      });
      expect(await pollUntil(() => [...readJournals(stateDir).values()].some((lines) => appliedRegistrations(lines).size >= 5), 600, 10)).toBe(true);
      run.child.kill('SIGINT');
      const result = await run.done;
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 130, stderr: expect.stringMatching(/restoring registry modes/) });
      const after = await stateOf(target.url);
      for (const context of CONTEXTS) expect(modesLeftBehind(after[context]!)).toEqual([]);
      expect([...readJournals(stateDir).values()][0]!.at(-1)).toMatchObject({ type: 'status', status: 'interrupted' });
    } finally {
      await proxy.stop();
      await target.stop();
    }
  }, 60_000);

  it.each([
    { name: 'compare', args: (url: string) => ['compare', 'src', url] },
    { name: 'export -o', args: (url: string) => ['export', url, '-o', join(dir, 'interrupted.json')] },
  ])(
    'SIGTERM during $name: exit 130 at once, no partial file',
    async ({ args }) => {
      const proxy = await startProxy({ target: source.url, latencyMs: 200 });
      try {
        const run = spawnSrx(args(proxy.url), { REGISTRIES: `src:${source.url}` });
        expect(await pollUntil(() => proxy.requests.length >= 2, 400, 10)).toBe(true);
        run.child.kill('SIGTERM');
        const result = await run.done;
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 130, stderr: expect.any(String) });
        expect(result.stderr).not.toMatch(/^\s{4}at /m);
        expect(existsSync(join(dir, 'interrupted.json'))).toBe(false);
      } finally {
        await proxy.stop();
      }
    },
    60_000,
  );
});
