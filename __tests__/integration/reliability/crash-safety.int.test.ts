// Crash safety: `node bin/srx.js migrate registry src tgt` (a real process; run `npm run build` first) is killed with
// SIGKILL at 20 different moments, chosen by a seeded generator: before its journal exists, and after a random number
// of journal records. After each kill, the journal only claims what the target holds; then `srx migrate resume <id>`
// (even rounds) or re-running the same command (odd rounds) converges: target = source version for version and id for
// id (no duplicate, none lost), `srx compare` exits 0, no IMPORT mode left anywhere, and the journal says completed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { appliedRegistrations, readJournals, seedEstate, type Estate } from '../../support/reliability-estate.js';
import { modesLeftBehind, pollUntil, readRegistryState, runSrx, spawnSrx, type RegistryState } from '../../support/reliability-helpers.js';
import { runCli } from '../../support/run-cli.js';

const KILLS = 20;
/** About how many records a whole run journals (one per version, compatibility step and mode change). */
const JOURNAL_RECORDS = 300;
const CONTEXTS = ['.', '.team-a'];

let source: RegistryServer;
let estate: Estate;
let sourceState: Record<string, RegistryState>;
let dir: string;
/** Where each kill landed: mid-write (journal started, not finished), and whether it left a mode changed. */
const facts: Array<{ midRun: boolean; modesLeft: boolean }> = [];

/** mulberry32, so the kill moments repeat run to run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function stateOf(url: string): Promise<Record<string, RegistryState>> {
  const out: Record<string, RegistryState> = {};
  for (const context of CONTEXTS) out[context] = await readRegistryState(url, context);
  return out;
}

beforeAll(async () => {
  source = await startRegistry();
  estate = await seedEstate(source.url);
  sourceState = await stateOf(source.url);
  dir = mkdtempSync(join(tmpdir(), 'srx-crash-'));
}, 60_000);

afterAll(async () => {
  await source?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Kills the migration once its journal holds `records` records (or, with records = 0, after `delayMs`). */
async function killMidRun(args: string[], env: Record<string, string>, stateDir: string, records: number, delayMs: number) {
  const run = spawnSrx(args, env);
  let exited = false;
  void run.done.then(() => {
    exited = true;
  });
  if (records === 0) {
    await new Promise((r) => setTimeout(r, delayMs));
  } else {
    await pollUntil(() => exited || [...readJournals(stateDir).values()].some((lines) => lines.length >= records), 2000, 5);
  }
  run.child.kill('SIGKILL');
  const result = await run.done;
  return { ...result, killed: result.signal === 'SIGKILL' };
}

describe('a migration killed with SIGKILL converges on resume or re-run', () => {
  const random = prng(20261124);
  const rounds = Array.from({ length: KILLS }, (_, i) => ({
    round: i,
    how: i % 2 === 0 ? 'resume' : 're-run',
    // 4 kills land before the journal exists (start-up, reading, planning); the rest after 1..~300 journal records.
    // srx (bundled, the estate's new subjects in bulk) creates its journal ~250 ms after spawn and can finish the
    // whole estate by ~350 ms, so those kills come 60..260 ms after spawn (150..600 ms once let one land after the end).
    records: i % 5 === 2 ? 0 : 1 + Math.floor(random() * (JOURNAL_RECORDS + 20)),
    delayMs: 60 + Math.floor(random() * 200),
    latencyMs: Math.floor(random() * 4),
  }));

  it.each(rounds)(
    'kill $round ($how, after $records journal records / $delayMs ms)',
    async ({ round, how, records, delayMs, latencyMs }) => {
      const target = await startRegistry();
      const proxy: FaultProxy = await startProxy({ target: target.url, latencyMs });
      const stateDir = join(dir, `state-${round}`);
      const env = { REGISTRIES: `src:${source.url},tgt:${proxy.url}` };
      const args = ['migrate', 'registry', 'src', 'tgt', '--yes', '--state-dir', stateDir];
      try {
        const killed = await killMidRun(args, env, stateDir, records, delayMs);
        const journals = readJournals(stateDir);
        // What the journal says was registered is in the target, with that version and id.
        const afterKill = await stateOf(target.url);
        for (const lines of journals.values()) {
          for (const [key, id] of appliedRegistrations(lines)) {
            const [context, subject, version] = key.split('|');
            expect(afterKill[context!]!.versions[subject!]).toContain(`${version}:${id}:live`);
          }
        }
        facts.push({
          midRun: killed.killed && [...journals.values()].some((lines) => lines.length > 1 && !lines.some((l) => l.type === 'status')),
          modesLeft: CONTEXTS.some((context) => modesLeftBehind(afterKill[context]!).length > 0),
        });
        let converge;
        const [crashedId] = [...journals.keys()];
        if (how === 'resume' && crashedId && killed.killed) {
          converge = await runSrx(['migrate', 'resume', crashedId, '--yes', '--state-dir', stateDir, '--json'], env);
        } else {
          converge = await runSrx([...args, '--json'], env);
        }
        expect({ code: converge.code, stderr: converge.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
        expect(JSON.parse(converge.stdout)).toMatchObject({ kind: 'migration', status: 'completed' });

        // target = source, version for version, id for id; nothing left in IMPORT
        const targetState = await stateOf(target.url);
        for (const context of CONTEXTS) {
          expect(targetState[context]!.versions).toEqual(sourceState[context]!.versions);
          expect(targetState[context]!.subjectConfig).toEqual(sourceState[context]!.subjectConfig);
          expect(modesLeftBehind(targetState[context]!)).toEqual([]);
        }
        const compared = await runCli(['compare', 'src', 'tgt'], { env });
        expect(compared.exitCode).toBe(0);

        // The journals are true: every migration is completed, no mode left changed, and together they
        // registered each target version exactly once.
        const listed = await runCli(['migrate', 'list', '--json', '--state-dir', stateDir], { env });
        const migrations = listed.json().migrations as Array<{ id: string; status: string; modesLeftChanged: unknown[] }>;
        for (const m of migrations) expect(m.modesLeftChanged).toEqual([]);
        const finalJournals = readJournals(stateDir);
        const registered = new Map<string, number>();
        for (const lines of finalJournals.values()) {
          for (const [key, id] of appliedRegistrations(lines)) {
            expect(registered.has(key)).toBe(false);
            registered.set(key, id);
          }
        }
        const expected = new Map<string, number>();
        for (const context of CONTEXTS) {
          for (const [subject, rows] of Object.entries(sourceState[context]!.versions)) {
            for (const row of rows) {
              const [version, id] = row.split(':');
              expected.set(`${context}|${subject}|${version}`, Number(id));
            }
          }
        }
        // A version registered in the instant between the registry's answer and the journal write is found by the
        // next run's lookup and skipped, so the journals may hold fewer registrations, never others or more.
        for (const [key, id] of registered) expect(expected.get(key)).toBe(id);
        const finalStatus = migrations.find((m) => m.id === (how === 'resume' && crashedId && killed.killed ? crashedId : migrations[0]!.id));
        expect(finalStatus?.status).toBe('completed');
      } finally {
        await proxy.stop();
        await target.stop();
      }
    },
    60_000,
  );

  it('killed mid-write most of the time, leaving IMPORT modes behind to restore', () => {
    expect(estate.subjects).toBeGreaterThanOrEqual(200);
    expect(facts).toHaveLength(KILLS);
    expect(facts.filter((f) => f.midRun).length).toBeGreaterThanOrEqual(12);
    expect(facts.filter((f) => f.modesLeft).length).toBeGreaterThanOrEqual(8);
  });
});
