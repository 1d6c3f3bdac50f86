// At 5 ms per request a migration waited on each version's journal sync before sending the next version.
// Now a version's write goes out while the record of the version before it is being synced (one record in
// flight per subject chain); the records still reach the journal in write order, a step counts as applied
// only once its record is synced, and a record that cannot be written stops the chain.
import { applyPlan } from '../../../src/core/apply/apply-plan.js';
import { MemoryJournal, type JournalEntry, type JournalRecord } from '../../../src/core/journal/journal.js';
import { planMigration } from '../../../src/core/plan/plan-migration.js';
import { DEFAULT_POLICY } from '../../../src/core/plan/types.js';
import type { RegistryClient } from '../../../src/core/registry/registry-client.js';
import type { RegisterRequest } from '../../../src/core/registry/types.js';
import { aSnapshot, versionsOf } from '../../support/builders.js';

/** A journal whose step records are "synced" only when the test releases them (or fail when it says so). */
class GatedJournal extends MemoryJournal {
  readonly held: Array<{ record: JournalRecord; release: () => void; fail: (error: Error) => void }> = [];
  readonly synced: string[] = [];

  override append(record: JournalRecord): Promise<JournalEntry> {
    if (record.type !== 'step') return super.append(record);
    const entry = this.push(record);
    return new Promise<JournalEntry>((resolve, reject) => {
      this.held.push({
        record,
        release: () => {
          this.synced.push(record.stepId);
          resolve(entry);
        },
        fail: reject,
      });
    });
  }
}

/** An empty target that takes every IMPORT registration under the requested id. */
function emptyTarget(): { client: RegistryClient; registered: number[] } {
  const registered: number[] = [];
  const client = {
    name: 'target',
    getMode: async () => null,
    setMode: async () => undefined,
    deleteMode: async () => undefined,
    register: async (_context: string, _subject: string, request: RegisterRequest & { version?: number; id?: number }) => {
      registered.push(request.version!);
      return { id: request.id! };
    },
  } as unknown as RegistryClient;
  return { client, registered };
}

const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

const plan = () =>
  planMigration({
    source: aSnapshot().withSubject('orders', versionsOf(3, 10)).build(),
    target: aSnapshot('target').build(),
    scope: {},
    policy: DEFAULT_POLICY,
  });

describe('journal records of a subject chain', () => {
  it('the next version is written while the record of the one before is syncing, never two records ahead', async () => {
    const journal = new GatedJournal();
    const { client, registered } = emptyTarget();
    const run = applyPlan(plan(), { client, journal, verifyIds: false, concurrency: 1 });
    await turns();
    // v1 written, its record not yet synced: v2 is already written, v3 waits for v1's record.
    expect(registered).toEqual([1, 2]);
    expect(journal.held.map((h) => h.record.type === 'step' && h.record.version)).toEqual([1]);
    journal.held[0]!.release();
    await turns();
    // v2's record is appended only after v1's is on disk; v3 now goes out.
    expect(registered).toEqual([1, 2, 3]);
    expect(journal.held.map((h) => h.record.type === 'step' && h.record.version)).toEqual([1, 2]);
    journal.held[1]!.release();
    await turns();
    journal.held[2]!.release();
    const result = await run;
    expect(journal.synced).toEqual(['register:.:orders:1', 'register:.:orders:2', 'register:.:orders:3']);
    expect(result.steps.map((s) => s.status)).toEqual(['applied', 'applied', 'applied']);
  });

  it('a record that cannot be written stops the chain: no later record, the run ends with E_JOURNAL', async () => {
    const journal = new GatedJournal();
    const { client, registered } = emptyTarget();
    const run = applyPlan(plan(), { client, journal, verifyIds: false, concurrency: 1 });
    await turns();
    journal.held[0]!.fail(new Error('ENOSPC'));
    await expect(run).rejects.toMatchObject({ code: 'E_JOURNAL' });
    expect(registered).toEqual([1, 2]);
    expect(journal.synced).toEqual([]);
  });
});
