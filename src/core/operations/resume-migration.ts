import { RefusedError } from '../errors.js';
import { findJournal, leftoverModes } from '../journal/history.js';
import { FileJournal, readJournalFile, type JournalHeader } from '../journal/journal.js';
import { acquireTargetLock } from '../journal/lock.js';
import type { MigrationRequest, MigrationResult } from '../plan/types.js';
import { execute } from './migrate.js';
import { currentPlan } from './plan-from-registries.js';

/** Continues an interrupted (or partial) migration in its own journal: re-plans (done steps are skipped) and restores modes left changed. */
export async function resumeMigration(request: MigrationRequest & { readonly id: string }): Promise<MigrationResult> {
  const path = findJournal(request.stateDir, request.id);
  const entries = readJournalFile(path);
  const head = entries[0] as unknown as JournalHeader;
  const last = [...entries].reverse().find((e) => e.type === 'status');
  if (last && last.type === 'status' && (last.status === 'completed' || last.status === 'rolled-back')) {
    throw new RefusedError('E_MIGRATION_DONE', `migration ${head.id} is ${last.status}; nothing to resume`);
  }
  const release = acquireTargetLock(request.stateDir, request.target.registry, head.id);
  try {
    const plan = await currentPlan({ ...request, scope: head.scope, policy: head.policy });
    const journal = FileJournal.open(path, request.redact);
    await journal.append({ type: 'resumed' });
    request.onStart?.(head.id, path);
    const resumed = { ...request, scope: head.scope, policy: head.policy, kind: head.migrationKind };
    return await execute(resumed, plan, journal, head.id, head.startedAt, leftoverModes(entries));
  } finally {
    release();
  }
}
