// The bulk import path of the executor (a target that offers AxonOps' `POST /import/schemas`) against an
// in-memory registry: batches, the first version looked up before more go, per-item refusals, a lost answer,
// a target that ignores ids, and rollback of versions whose step record srx did not get to write. The same
// path runs end to end against real AxonOps registries in __tests__/integration/migrate/migrate-bulk-import.int.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJournalFile } from '../../../src/core/journal/journal.js';
import { rollbackMigration } from '../../../src/core/operations/rollback.js';
import { runMigration } from '../../../src/core/operations/migrate.js';
import { DEFAULT_POLICY, type MigrationRequest } from '../../../src/core/plan/types.js';
import { silentProgress } from '../../../src/core/progress.js';
import { MemoryRegistry, registryError } from '../../support/memory-registry.js';

const avro = (name: string, fields: string[]) =>
  JSON.stringify({ type: 'record', name, fields: fields.map((f) => ({ name: f, type: 'string', default: '' })) });

/** Source: `n` subjects s000-value… with 2 versions each (ids 100 + 2i + v). */
function sourceRegistry(n: number): MemoryRegistry {
  const source = new MemoryRegistry();
  for (let i = 0; i < n; i += 1) {
    const subject = `s${String(i).padStart(3, '0')}-value`;
    source.seed('.', subject, 1, 100 + 2 * i + 1, avro(`S${i}`, ['a']));
    source.seed('.', subject, 2, 100 + 2 * i + 2, avro(`S${i}`, ['a', 'b']));
  }
  return source;
}

const all = (registry: MemoryRegistry, n: number) =>
  Array.from({ length: n }, (_, i) => `s${String(i).padStart(3, '0')}-value`).map((s) => [s, registry.versions('.', s, true)]);

describe('runMigration into a target that offers a bulk import', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'srx-bulk-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  const rollBack = (target: MemoryRegistry, id: string) =>
    rollbackMigration({ id, stateDir, client: target.client('dst'), target: { name: 'dst', url: 'memory://dst' }, dryRun: false, force: false });

  const request = (source: MemoryRegistry, target: MemoryRegistry): MigrationRequest => ({
    source: { kind: 'http', client: source.client('src'), registry: { name: 'src', url: 'memory://src' } },
    target: { kind: 'http', client: target.client('dst'), registry: { name: 'dst', url: 'memory://dst' } },
    scope: {},
    dryRun: false,
    stateDir,
    policy: DEFAULT_POLICY,
  });

  it('sends one version, looks it up, then the rest in batches; ids and numbers kept, every version journaled', async () => {
    const source = sourceRegistry(600);
    const target = new MemoryRegistry({ bulkImport: true });
    const result = await runMigration(request(source, target));
    expect(result.status).toBe('completed');
    expect(all(target, 600)).toEqual(all(source, 600));
    const calls = target.calls.map((c) => c.method);
    expect(calls.filter((m) => m === 'register')).toEqual([]);
    // 1,200 versions: the first alone, then 1,000 and 199.
    expect(calls.filter((m) => m === 'importSchemas')).toHaveLength(3);
    expect(calls.indexOf('lookupSchema')).toBeGreaterThan(calls.indexOf('importSchemas'));
    expect(calls.indexOf('lookupSchema')).toBeLessThan(calls.lastIndexOf('importSchemas'));
    const journal = readJournalFile(result.journalPath!);
    const bulk = journal.filter((e) => e.type === 'bulk-import');
    expect(bulk.map((e) => (e.type === 'bulk-import' ? e.items.length : 0))).toEqual([1, 1000, 199]);
    expect(journal.filter((e) => e.type === 'step' && e.status === 'applied')).toHaveLength(1200);
    // Each batch is journaled before any of its versions is.
    const firstStep = journal.findIndex((e) => e.type === 'step');
    expect(journal.findIndex((e) => e.type === 'bulk-import')).toBeLessThan(firstStep);
    expect(target.storedMode('.', null)).toBe('READWRITE');
  });

  it('a version the target refuses in bulk goes on its own, where its refusal is told', async () => {
    const source = sourceRegistry(3);
    const target = new MemoryRegistry({ bulkImport: true });
    target.failWhen((call) =>
      call.subject === 's001-value' && (call.method === 'importSchemas' || call.method === 'register')
        ? registryError('dst', 422, 42201, 'Invalid schema (refused by the test)')
        : undefined,
    );
    const result = await runMigration(request(source, target));
    expect(result.status).toBe('partial');
    const failed = result.steps.filter((s) => s.status === 'failed');
    expect(failed.map((s) => [s.subject, s.error?.errorCode])).toEqual([
      ['s001-value', 42201],
      ['s001-value', 42201],
    ]);
    expect(target.calls.filter((c) => c.method === 'register').map((c) => c.subject)).toEqual(['s001-value', 's001-value']);
    expect(target.versions('.', 's002-value')).toEqual([
      [1, 105],
      [2, 106],
    ]);
  });

  it('a bulk answer lost after the write: each version is looked up, found as sent, journaled as applied, never written twice', async () => {
    const source = sourceRegistry(5);
    const target = new MemoryRegistry({ bulkImport: true });
    let batches = 0;
    target.failWhen((call) => {
      // The second batch (after the single-version first one) is written, and its answer lost.
      if (call.method === 'importSchemas' && call.subject === null && ++batches === 2) target.loseNextBulkAnswer = true;
      return undefined;
    });
    const warnings: string[] = [];
    const result = await runMigration({
      ...request(source, target),
      progress: silentProgress((m) => warnings.push(m)),
    });
    expect(result.status).toBe('completed');
    expect(warnings.join('\n')).toMatch(/bulk import into \. failed .*503.*; writing one version per request/);
    expect(all(target, 5)).toEqual(all(source, 5));
    expect(target.calls.filter((c) => c.method === 'register')).toEqual([]);
    const journal = readJournalFile(result.journalPath!);
    expect(journal.filter((e) => e.type === 'step' && e.status === 'applied')).toHaveLength(10);
  });

  it('a target that ignores ids: one version written (journaled with the id it got), then the run stops', async () => {
    const source = sourceRegistry(4);
    const target = new MemoryRegistry({ bulkImport: true, ignoreIds: true });
    const result = await runMigration(request(source, target));
    expect(result.status).toBe('partial');
    expect(result.steps.filter((s) => s.status === 'applied')).toEqual([expect.objectContaining({ subject: 's000-value', version: 1, targetId: 1 })]);
    expect(target.versions('.', 's000-value')).toEqual([[1, 1]]);
    expect(target.calls.filter((c) => c.method === 'importSchemas')).toHaveLength(1);
    const rolledBack = await rollBack(target, result.id);
    expect(rolledBack.status).toBe('rolled-back');
    expect(target.versions('.', 's000-value', true)).toEqual([]);
  });

  it('rollback removes the versions of a batch whose step records srx did not get to write (killed in between)', async () => {
    const source = sourceRegistry(5);
    const target = new MemoryRegistry({ bulkImport: true });
    const result = await runMigration(request(source, target));
    expect(result.status).toBe('completed');
    // What a kill right after the second batch's answer leaves: the journal ends with that batch's record.
    const path = result.journalPath!;
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    const lastBatch = lines.map((l) => JSON.parse(l) as { type: string }).findLastIndex((e) => e.type === 'bulk-import');
    writeFileSync(path, `${lines.slice(0, lastBatch + 1).join('\n')}\n`);
    const recorded = readJournalFile(path).filter((e) => e.type === 'step');
    expect(recorded).toHaveLength(1);
    const rolledBack = await rollBack(target, result.id);
    expect(rolledBack.status).toBe('rolled-back');
    expect(rolledBack.actions.filter((a) => a.action === 'delete-version')).toHaveLength(10);
    expect(all(target, 5).every(([, versions]) => (versions as unknown[]).length === 0)).toBe(true);
  });
});
