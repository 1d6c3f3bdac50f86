import { hasErrorCode, RefusedError, RegistryError, SrxError, messageOf } from '../errors.js';
import type { Progress } from '../progress.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { findJournal, isRunning, leftoverModes } from '../journal/history.js';
import { FileJournal, readJournalFile, type JournalEntry, type JournalHeader } from '../journal/journal.js';
import { acquireTargetLock } from '../journal/lock.js';
import type { RegistryRef } from '../plan/types.js';
import { keyOf } from '../keys.js';
import type { RegistrySchema } from '../registry/types.js';
import { listAll } from '../snapshot/read-versions.js';

type StepEntry = Extract<JournalEntry, { type: 'step' }>;

/** What `srx migrate rollback` needs. */
export interface RollbackRequest {
  readonly id: string;
  readonly stateDir: string;
  /** The migration's target (requests not cancelled by the signal). */
  readonly client: RegistryClient;
  readonly target: RegistryRef;
  readonly dryRun: boolean;
  /** Delete what the migration created even where the target changed since. */
  readonly force: boolean;
  readonly progress?: Progress;
}

/** One rollback action and its outcome. */
export interface RollbackAction {
  readonly action: 'delete-version' | 'restore-version' | 'restore-compatibility' | 'restore-mode';
  readonly context: string;
  readonly subject: string | null;
  readonly version: number | null;
  readonly id?: number | null;
  readonly detail: string;
  /** restore-*: the value to put back (null: remove the subject-level setting). */
  readonly previous?: string | null;
  readonly status: 'planned' | 'applied' | 'failed' | 'skipped';
  readonly error?: string;
  /** failed: the error's stable code (`E_REGISTRY_HTTP`, ...) and the registry's `error_code` where it sent one. */
  readonly code?: string;
  readonly errorCode?: number;
}

/** JSON kind "migration-rollback". */
export interface RollbackResult {
  readonly kind: 'migration-rollback';
  readonly id: string;
  readonly dryRun: boolean;
  /** `failed`: no action could be applied (nothing undone); `partial`: some were, some failed. */
  readonly status: 'planned' | 'rolled-back' | 'refused' | 'partial' | 'failed';
  readonly target: RegistryRef;
  readonly actions: readonly RollbackAction[];
  /** What changed in the target since the migration (later versions, replaced ids): blocks without --force. */
  readonly changedSince: readonly { readonly context: string; readonly subject: string; readonly message: string }[];
}

/**
 * Removes exactly what a migration created (referrers first: reverse journal order; soft then permanent
 * delete), restores subject compatibility it changed and modes it left changed. Journaled in the migration's journal.
 */
export async function rollbackMigration(request: RollbackRequest): Promise<RollbackResult> {
  const path = findJournal(request.stateDir, request.id);
  const entries = readJournalFile(path);
  const header = entries[0] as JournalEntry & JournalHeader;
  if (isRunning(request.stateDir, header)) throw new RefusedError('E_MIGRATION_RUNNING', `migration ${header.id} is running now; wait for it or stop it first`);
  const last = [...entries].reverse().find((e) => e.type === 'status');
  if (last?.type === 'status' && last.status === 'rolled-back') throw new RefusedError('E_MIGRATION_DONE', `migration ${header.id} was already rolled back`);
  const created = await createdVersions(request.client, header, entries);
  const changedSince = await changesSince(request.client, header, created);
  const actions = plannedActions(entries, created);
  if (request.dryRun) return { kind: 'migration-rollback', id: header.id, dryRun: true, status: 'planned', target: request.target, actions, changedSince };
  if (changedSince.length && !request.force) {
    return {
      kind: 'migration-rollback',
      id: header.id,
      dryRun: false,
      status: 'refused',
      target: request.target,
      actions: actions.map((a) => ({ ...a, status: 'skipped' })),
      changedSince,
    };
  }
  const release = acquireTargetLock(request.stateDir, request.target, header.id);
  const journal = FileJournal.open(path);
  try {
    const done: RollbackAction[] = [];
    for (const action of actions) done.push(await perform(request.client, journal, action));
    const failed = done.some((a) => a.status === 'failed');
    // Nothing undone is not "partial": the journal still says the migration stands as it was.
    const status = !failed ? 'rolled-back' : done.some((a) => a.status === 'applied') ? 'partial' : 'failed';
    const modesLeftChanged = done.filter((a) => a.action === 'restore-mode' && a.status === 'failed').length;
    // A rollback that undid nothing leaves the migration's own status as it was (its failed steps are journaled).
    if (status !== 'failed') await journal.append({ type: 'status', status, modesLeftChanged });
    return { kind: 'migration-rollback', id: header.id, dryRun: false, status, target: request.target, actions: done, changedSince };
  } finally {
    await journal.close();
    release();
  }
}

/** A version the migration created in the target. */
type Created = Pick<StepEntry, 'context' | 'subject' | 'version' | 'targetId'>;

/**
 * Versions the migration created, in the order it wrote them (rolled-back ones left out): its applied register
 * steps, and the versions of a bulk import that got no step record (srx stopped between the answer and the
 * record) where the target holds them as sent and did not hold them before the migration.
 */
async function createdVersions(client: RegistryClient, header: JournalHeader, entries: readonly JournalEntry[]): Promise<Created[]> {
  const deleted = new Set(
    entries
      .filter((e) => e.type === 'rollback-step' && e.action === 'hard-delete' && e.status === 'applied')
      .map((e) => (e.type === 'rollback-step' ? keyOf(e.context, e.subject, e.version) : '')),
  );
  const recorded = new Set(entries.map((e) => (e.type === 'step' ? e.stepId : '')));
  const listings = new Map<string, Promise<Map<string, RegistrySchema> | null>>();
  const created: Created[] = [];
  for (const e of entries) {
    if (e.type === 'step' && e.action === 'register' && e.status === 'applied' && e.version !== null) created.push(e);
    if (e.type !== 'bulk-import') continue;
    const unrecorded = e.items.filter((item) => !recorded.has(item.stepId));
    if (unrecorded.length === 0) continue;
    // One listing of the context (with soft-deleted versions) answers for a whole batch; without one, a read per version.
    if (!listings.has(e.context)) listings.set(e.context, listAll({ client, context: e.context, label: 'target' }, true));
    const listing = await listings.get(e.context)!;
    const held = await Promise.all(unrecorded.map((item) => heldAsSent(client, header, e.context, item, listing)));
    unrecorded.forEach((item, i) => {
      if (held[i]) created.push({ context: e.context, subject: item.subject, version: item.version, targetId: item.id });
    });
  }
  return created.filter((e) => !deleted.has(keyOf(e.context, e.subject, e.version)));
}

async function heldAsSent(
  client: RegistryClient,
  header: JournalHeader,
  context: string,
  item: { subject: string; version: number; id: number },
  listing: Map<string, RegistrySchema> | null,
): Promise<boolean> {
  if ((header.targetBefore[keyOf(context, item.subject)] ?? []).includes(item.version)) return false;
  const current = listing ? listing.get(keyOf(item.version, item.subject)) : await client.getVersion(context, item.subject, item.version, { deleted: true });
  return current?.id === item.id;
}

async function changesSince(client: RegistryClient, header: JournalHeader, created: readonly Created[]): Promise<RollbackResult['changedSince']> {
  const bySubject = new Map<string, Created[]>();
  for (const s of created) bySubject.set(keyOf(s.context, s.subject), [...(bySubject.get(keyOf(s.context, s.subject)) ?? []), s]);
  const changes: { context: string; subject: string; message: string }[] = [];
  for (const [key, steps] of bySubject) {
    const { context, subject } = steps[0]!;
    const known = new Set([...(header.targetBefore[key] ?? []), ...steps.map((s) => s.version!)]);
    const now = (await client.listVersions(context, subject, { deleted: true })) ?? [];
    const later = now.filter((v) => !known.has(v));
    if (later.length) changes.push({ context, subject, message: `new version(s) since the migration: ${later.join(', ')}` });
    for (const s of steps) {
      if (!now.includes(s.version!)) continue;
      const current = await client.getVersion(context, subject, s.version!, { deleted: true });
      if (current && current.id !== s.targetId)
        changes.push({ context, subject, message: `v${s.version} now has id ${current.id}, the migration created id ${s.targetId}` });
    }
  }
  return changes;
}

function plannedActions(entries: readonly JournalEntry[], created: readonly Created[]): RollbackAction[] {
  const actions: RollbackAction[] = [];
  const compat = new Map<string, StepEntry>();
  for (const e of entries)
    if (e.type === 'step' && e.action === 'set-compatibility' && e.status === 'applied' && !compat.has(keyOf(e.context, e.subject)))
      compat.set(keyOf(e.context, e.subject), e);
  for (const e of compat.values()) {
    const what = e.subject === '' ? `context ${e.context} compatibility` : 'compatibility';
    actions.push({
      action: 'restore-compatibility',
      context: e.context,
      subject: e.subject,
      version: null,
      detail: e.previousCompatibility ? `${what} back to ${e.previousCompatibility}` : `remove ${e.subject === '' ? what : 'subject compatibility'}`,
      previous: e.previousCompatibility ?? null,
      status: 'planned',
    });
  }
  // Versions the run soft-deleted in the target (sync --propagate-deletes) that it did not create: put back.
  const createdKeys = new Set(created.map((s) => keyOf(s.context, s.subject, s.version)));
  for (const e of entries) {
    if (
      e.type !== 'step' ||
      e.action !== 'soft-delete' ||
      e.status !== 'applied' ||
      e.version === null ||
      createdKeys.has(keyOf(e.context, e.subject, e.version))
    )
      continue;
    actions.push({
      action: 'restore-version',
      context: e.context,
      subject: e.subject,
      version: e.version,
      id: e.targetId,
      detail: `restore v${e.version} (id ${e.targetId}), soft-deleted by the run`,
      status: 'planned',
    });
  }
  for (const s of [...created].reverse()) {
    actions.push({
      action: 'delete-version',
      context: s.context,
      subject: s.subject,
      version: s.version,
      id: s.targetId,
      detail: `delete v${s.version} (id ${s.targetId}): soft, then permanent`,
      status: 'planned',
    });
  }
  for (const { scope, previous } of leftoverModes(entries)) {
    actions.push({
      action: 'restore-mode',
      context: scope.context,
      subject: scope.subject,
      version: null,
      detail: previous ? `mode back to ${previous}` : 'remove subject mode',
      previous,
      status: 'planned',
    });
  }
  return actions;
}

async function perform(client: RegistryClient, journal: FileJournal, action: RollbackAction): Promise<RollbackAction> {
  const record = (
    kind: 'soft-delete' | 'hard-delete' | 'restore-version' | 'restore-compatibility' | 'restore-mode',
    status: 'applied' | 'failed',
    error?: string,
  ) =>
    journal.append({
      type: 'rollback-step',
      action: kind,
      context: action.context,
      subject: action.subject ?? '',
      version: action.version,
      status,
      ...(error ? { error } : {}),
    });
  try {
    if (action.action === 'delete-version') {
      try {
        await client.deleteVersion(action.context, action.subject!, action.version!);
      } catch (error) {
        if (!hasErrorCode(error, 40402, 40404, 40406)) throw error;
      }
      await record('soft-delete', 'applied');
      await client.deleteVersion(action.context, action.subject!, action.version!, { permanent: true });
      await record('hard-delete', 'applied');
    } else if (action.action === 'restore-version') {
      await restoreVersion(client, action);
      await record('restore-version', 'applied');
    } else if (action.action === 'restore-compatibility') {
      const previous = action.previous;
      const subject = action.subject === '' ? null : action.subject; // '' is the context's own level
      if (previous) await client.setCompatibility(action.context, subject, previous);
      else await client.deleteCompatibility(action.context, subject);
      await record('restore-compatibility', 'applied');
    } else {
      const previous = action.previous;
      if (previous) await client.setMode(action.context, action.subject, previous, { force: true });
      else await client.deleteMode(action.context, action.subject);
      await record('restore-mode', 'applied');
    }
    return { ...action, status: 'applied' };
  } catch (error) {
    const message = hasErrorCode(error, 42206) ? `still referenced (42206): ${messageOf(error)}` : messageOf(error);
    const kind =
      action.action === 'delete-version'
        ? 'hard-delete'
        : action.action === 'restore-version'
          ? 'restore-version'
          : action.action === 'restore-mode'
            ? 'restore-mode'
            : 'restore-compatibility';
    await record(kind, 'failed', message).catch(() => {});
    const code = error instanceof SrxError ? error.code : 'E_ROLLBACK_STEP';
    const errorCode = error instanceof RegistryError ? error.errorCode : undefined;
    return { ...action, status: 'failed', error: message, code, ...(errorCode !== undefined ? { errorCode } : {}) };
  }
}

/**
 * Puts a soft-deleted version back: re-registered under its own id and number in IMPORT mode (the
 * subject's mode restored after). Registries have no undelete: where this does not revive the version
 * (AxonOps refuses it), the action fails saying so, and the version stays soft-deleted.
 */
async function restoreVersion(client: RegistryClient, action: RollbackAction): Promise<void> {
  const { context, version } = action;
  const subject = action.subject!;
  const found = await client.getVersion(context, subject, version!, { deleted: true });
  if (!found) throw new Error(`v${version} is no longer in the target`);
  const before = await client.getMode(context, subject);
  await client.setMode(context, subject, 'IMPORT', { force: true });
  let failure: unknown;
  try {
    await client.register(context, subject, {
      schema: found.schema,
      schemaType: found.schemaType,
      references: found.references,
      id: found.id,
      version: version!,
    });
  } catch (error) {
    failure = error;
  } finally {
    if (before) await client.setMode(context, subject, before, { force: true });
    else await client.deleteMode(context, subject);
  }
  const live = (await client.listVersions(context, subject)) ?? [];
  if (!live.includes(version!)) {
    const why = failure instanceof Error ? ` (${failure.message})` : '';
    throw new Error(`the registry cannot restore a soft-deleted version: v${version} (id ${found.id}) stays soft-deleted${why}`);
  }
}
