// The executor, mode restore, resume and rollback against an in-memory registry (milliseconds per case).
// The same behaviours are proven end to end against real AxonOps registries in __tests__/integration/migrate/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeJournal } from '../../../src/core/journal/history.js';
import { readJournalFile } from '../../../src/core/journal/journal.js';
import { rollbackMigration } from '../../../src/core/operations/rollback.js';
import { DEFAULT_POLICY, type MigrationPolicy, type MigrationRequest } from '../../../src/core/plan/types.js';
import { runMigration } from '../../../src/core/operations/migrate.js';
import { resumeMigration } from '../../../src/core/operations/resume-migration.js';
import { MemoryRegistry, registryError } from '../../support/memory-registry.js';

const avro = (name: string, fields: string[]) =>
  JSON.stringify({ type: 'record', name, fields: fields.map((f) => ({ name: f, type: 'string', default: '' })) });

/** Source: orders-value v1..v3 (ids 11..13, compatibility NONE), users-value v1 (id 20), refunds-value v1 (id 30). */
function sourceRegistry(): MemoryRegistry {
  const source = new MemoryRegistry();
  source.seed('.', 'orders-value', 1, 11, avro('Order', ['a']));
  source.seed('.', 'orders-value', 2, 12, avro('Order', ['a', 'b']));
  source.seed('.', 'orders-value', 3, 13, avro('Order', ['a', 'b', 'c']));
  source.setStoredCompatibility('.', 'orders-value', 'NONE');
  source.seed('.', 'users-value', 1, 20, avro('User', ['u']));
  source.seed('.', 'refunds-value', 1, 30, avro('Refund', ['r']));
  return source;
}

describe('runMigration on an in-memory registry', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'srx-memory-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  const request = (
    source: MemoryRegistry,
    target: MemoryRegistry,
    extra: Partial<Omit<MigrationRequest, 'policy'>> & { policy?: Partial<MigrationPolicy> } = {},
  ): MigrationRequest => ({
    source: { kind: 'http', client: source.client('src'), registry: { name: 'src', url: 'memory://src' } },
    target: { kind: 'http', client: target.client('dst'), registry: { name: 'dst', url: 'memory://dst' } },
    scope: {},
    dryRun: false,
    stateDir,
    ...extra,
    policy: { ...DEFAULT_POLICY, ...extra.policy },
  });

  const everything = (registry: MemoryRegistry) => ['orders-value', 'users-value', 'refunds-value'].map((s) => [s, registry.versions('.', s, true)]);

  it('copies every version with its id and number, copies subject compatibility, and puts the modes back as found', async () => {
    const source = sourceRegistry();
    const target = new MemoryRegistry();
    const result = await runMigration(request(source, target));
    expect(result.status).toBe('completed');
    expect(everything(target)).toEqual(everything(source));
    expect(target.storedCompatibility('.', 'orders-value')).toBe('NONE');
    expect(target.storedMode('.', null)).toBe('READWRITE');
    expect(result.modes.every((m) => m.restored)).toBe(true);
    const journal = readJournalFile(result.journalPath!);
    expect(journal.filter((e) => e.type === 'step' && e.status === 'applied')).toHaveLength(6);
    expect(journal.at(-1)).toMatchObject({ type: 'status', status: 'completed' });
  });

  it('a failing write fails that step only; the run is partial, modes are restored, and resume completes it', async () => {
    const source = sourceRegistry();
    const target = new MemoryRegistry();
    target.failWhen((call) => (call.method === 'register' && call.subject === 'users-value' ? registryError('dst', 500, 50001, 'HTTP 500') : undefined));
    const first = await runMigration(request(source, target));
    expect(first.status).toBe('partial');
    expect(first.steps.filter((s) => s.status === 'failed').map((s) => s.subject)).toEqual(['users-value']);
    expect(target.versions('.', 'users-value')).toEqual([]);
    expect(target.versions('.', 'orders-value')).toEqual([
      [1, 11],
      [2, 12],
      [3, 13],
    ]);
    expect(target.storedMode('.', null)).toBe('READWRITE');

    target.failWhen(undefined);
    const resumed = await resumeMigration({ ...request(source, target), id: first.id });
    expect(resumed.status).toBe('completed');
    expect(everything(target)).toEqual(everything(source));
  });

  it('an interrupt stops new steps, restores the modes, and resume finishes in the same journal', async () => {
    const source = sourceRegistry();
    const target = new MemoryRegistry();
    const controller = new AbortController();
    let registered = 0;
    target.failWhen((call) => {
      if (call.method === 'register' && ++registered === 2) controller.abort();
      return undefined;
    });
    const first = await runMigration({ ...request(source, target, { signal: controller.signal }), concurrency: 1 });
    expect(first.status).toBe('interrupted');
    expect(first.steps.some((s) => s.status === 'pending')).toBe(true);
    expect(target.storedMode('.', null)).toBe('READWRITE');

    const resumed = await resumeMigration({ ...request(source, target), id: first.id });
    expect(resumed.status).toBe('completed');
    expect(resumed.journalPath).toBe(first.journalPath);
    expect(everything(target)).toEqual(everything(source));
  });

  it('a mode that cannot be put back is reported, and the next run restores it before anything else', async () => {
    const source = sourceRegistry();
    const target = new MemoryRegistry();
    target.failWhen((call) =>
      (call.method === 'setMode' || call.method === 'deleteMode') && target.storedMode('.', null) === 'IMPORT'
        ? registryError('dst', 503, undefined, 'HTTP 503')
        : undefined,
    );
    const first = await runMigration(request(source, target));
    expect(first.status).toBe('partial');
    expect(first.warnings.map((w) => w.message).join('\n')).toMatch(/mode not restored/);
    expect(target.storedMode('.', null)).toBe('IMPORT');

    target.failWhen(undefined);
    const second = await runMigration(request(source, target));
    expect(second.status).toBe('completed');
    expect(target.storedMode('.', null)).toBe('READWRITE');
  });

  it('a target that cannot write modes is a refusal before any write, with no mode left to restore', async () => {
    const source = sourceRegistry();
    const target = new MemoryRegistry({ noModeWrites: true });
    await expect(runMigration(request(source, target))).rejects.toMatchObject({ code: 'E_IMPORT_NOT_POSSIBLE' });
    expect(target.calls.filter((c) => c.method === 'register')).toEqual([]);
    // A second run is refused the same way (no phantom IMPORT mode from the first one to put back).
    await expect(runMigration(request(source, target))).rejects.toMatchObject({ code: 'E_IMPORT_NOT_POSSIBLE' });
  });

  it('a target that takes IMPORT but ignores ids stops at the first write; rollback removes that version', async () => {
    const source = sourceRegistry();
    const target = new MemoryRegistry({ ignoreIds: true });
    const first = await runMigration(request(source, target));
    expect(first.status).toBe('partial');
    expect(first.steps.filter((s) => s.status === 'applied')).toHaveLength(1);
    expect(first.warnings.map((w) => w.message).join('\n')).toMatch(/ids cannot be preserved/);
    const rolled = await rollbackMigration({
      id: first.id,
      stateDir,
      client: target.client('dst'),
      target: { name: 'dst', url: 'memory://dst' },
      dryRun: false,
      force: false,
    });
    expect(rolled.status).toBe('rolled-back');
    expect(everything(target).flatMap(([, v]) => v as unknown[])).toEqual([]);
  });

  it('--no-preserve-ids: the target assigns ids; the id map pairs them with the source ids', async () => {
    const source = sourceRegistry();
    const target = new MemoryRegistry();
    target.seed('.', 'unrelated-value', 1, 11, avro('Other', ['x']));
    const result = await runMigration(request(source, target, { policy: { preserveIds: false } }));
    expect(result.status).toBe('completed');
    expect(target.versions('.', 'orders-value').map(([v]) => v)).toEqual([1, 2, 3]);
    const orders = result.idMap!.filter((e) => e.subject === 'orders-value');
    expect(orders.map((e) => e.sourceId)).toEqual([11, 12, 13]);
    expect(orders.map((e) => e.targetId)).toEqual(target.versions('.', 'orders-value').map(([, id]) => id));
    expect(target.calls.some((c) => c.method === 'setMode')).toBe(false);
  });

  it('rollback removes what the run created and restores subject compatibility; a later version blocks it without --force', async () => {
    const source = sourceRegistry();
    const target = new MemoryRegistry();
    target.seed('.', 'users-value', 1, 20, avro('User', ['u']));
    target.setStoredCompatibility('.', 'orders-value', 'FULL');
    target.seed('.', 'orders-value', 1, 11, avro('Order', ['a']));
    const result = await runMigration(request(source, target));
    expect(result.status).toBe('completed');
    expect(target.storedCompatibility('.', 'orders-value')).toBe('NONE');

    // Someone registers orders-value v4 after the migration.
    target.setStoredMode('.', 'orders-value', 'IMPORT');
    await target.client().register('.', 'orders-value', { schema: avro('Order', ['a', 'b', 'c', 'd']), id: 99, version: 4 });
    target.setStoredMode('.', 'orders-value', null);
    const rollback = (force: boolean) =>
      rollbackMigration({ id: result.id, stateDir, client: target.client('dst'), target: { name: 'dst', url: 'memory://dst' }, dryRun: false, force });
    const refused = await rollback(false);
    expect(refused.status).toBe('refused');
    expect(refused.changedSince.map((c) => c.message)).toEqual(['new version(s) since the migration: 4']);
    expect(target.versions('.', 'orders-value', true)).toHaveLength(4);

    const forced = await rollback(true);
    expect(forced.status).toBe('rolled-back');
    expect(target.versions('.', 'orders-value', true)).toEqual([
      [1, 11],
      [4, 99],
    ]);
    expect(target.versions('.', 'users-value')).toEqual([[1, 20]]);
    expect(target.versions('.', 'refunds-value', true)).toEqual([]);
    expect(target.storedCompatibility('.', 'orders-value')).toBe('FULL');
  });

  describe('subject compatibility read while the versions are written (every subject new to the target)', () => {
    /** The source's client, its subject-level reads held until `gate` opens (or 1 s passes); `late` says which waited for it. */
    function heldLevels(source: MemoryRegistry, gate: Promise<void>) {
      const client = source.client('src');
      const late: boolean[] = [];
      const held = new Proxy(client, {
        get(target, property, receiver) {
          if (property !== 'getCompatibility') return Reflect.get(target, property, receiver) as unknown;
          return async (context: string, subject: string | null) => {
            if (subject !== null) late.push(await Promise.race([gate.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]));
            return target.getCompatibility(context, subject);
          };
        },
      });
      return { held, late };
    }

    it('the levels are read after the first version is written, journaled as planned steps and copied', async () => {
      const source = sourceRegistry();
      source.setStoredCompatibility('.', 'users-value', 'FULL');
      const target = new MemoryRegistry();
      let opened!: () => void;
      const gate = new Promise<void>((r) => (opened = r));
      target.failWhen((call) => {
        if (call.method === 'register' || call.method === 'importSchemas') opened();
        return undefined;
      });
      const { held, late } = heldLevels(source, gate);
      const result = await runMigration(request(source, target, { source: { kind: 'http', client: held, registry: { name: 'src', url: 'memory://src' } } }));
      expect(result.status).toBe('completed');
      expect(late).toHaveLength(3);
      expect(late.every(Boolean)).toBe(true);
      expect(target.storedCompatibility('.', 'orders-value')).toBe('NONE');
      expect(target.storedCompatibility('.', 'users-value')).toBe('FULL');
      // The steps as a plan made with the levels would list them: after the versions.
      expect(result.steps.map((s) => s.action)).toEqual([...Array(5).fill('register'), 'set-compatibility', 'set-compatibility']);
      const journal = readJournalFile(result.journalPath!);
      expect(journal[0]).toMatchObject({ type: 'header', planned: 5 });
      expect(journal.filter((e) => e.type === 'steps-added')).toMatchObject([{ steps: 2 }]);
      expect(summarizeJournal(stateDir, result.journalPath!).counts).toMatchObject({ planned: 7, registered: 5, configured: 2 });
    });

    it('a source that fails those reads leaves the versions written and says so; resume copies the levels', async () => {
      const source = sourceRegistry();
      const target = new MemoryRegistry();
      source.failWhen((call) => (call.method === 'getCompatibility' && call.subject !== null ? registryError('src', 503, undefined, 'HTTP 503') : undefined));
      const failed = await runMigration(request(source, target, { id: 'levels-later' }));
      expect(failed.status).toBe('partial');
      expect(failed.warnings.map((w) => w.message)).toContainEqual(
        expect.stringMatching(
          /subject compatibility could not be read from src \(src: HTTP 503\); the versions are written, and `srx migrate resume levels-later` copies it/,
        ),
      );
      expect(everything(target)).toEqual(everything(source));
      expect(target.storedCompatibility('.', 'orders-value')).toBeNull();
      expect(summarizeJournal(stateDir, failed.journalPath!)).toMatchObject({ status: 'partial', counts: { registered: 5 } });
      source.failWhen(undefined);
      const resumed = await resumeMigration({ ...request(source, target), id: 'levels-later' });
      expect(resumed.status).toBe('completed');
      expect(target.storedCompatibility('.', 'orders-value')).toBe('NONE');
      expect(summarizeJournal(stateDir, failed.journalPath!).counts).toMatchObject({ planned: 6, registered: 5, configured: 1 });
    });

    it('into a target that holds one of the subjects, the levels are read before anything is planned', async () => {
      const source = sourceRegistry();
      const target = new MemoryRegistry();
      target.seed('.', 'users-value', 1, 20, avro('User', ['u']));
      const { held, late } = heldLevels(source, new Promise<void>(() => {}));
      const result = await runMigration(request(source, target, { source: { kind: 'http', client: held, registry: { name: 'src', url: 'memory://src' } } }));
      expect(result.status).toBe('completed');
      expect(late.some(Boolean)).toBe(false);
      expect(target.storedCompatibility('.', 'orders-value')).toBe('NONE');
      const journal = readJournalFile(result.journalPath!);
      expect(journal.filter((e) => e.type === 'steps-added')).toEqual([]);
      expect(journal[0]).toMatchObject({ type: 'header', planned: 5 });
    });
  });

  it('a dry run reads and plans but calls nothing that writes', async () => {
    const source = sourceRegistry();
    const target = new MemoryRegistry();
    const result = await runMigration(request(source, target, { dryRun: true }));
    expect(result.status).toBe('planned');
    const writes = ['register', 'setMode', 'deleteMode', 'setCompatibility', 'deleteCompatibility', 'deleteVersion', 'deleteSubject'];
    expect(target.calls.filter((c) => writes.includes(c.method))).toEqual([]);
  });
});
