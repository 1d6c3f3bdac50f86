import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { JournalCorruptError, UsageError, messageOf } from '../errors.js';
import { policySchema, registryRefSchema, scopeSchema } from '../plan/plan-file.js';
import type { JournalEntry, JournalHeader } from './journal.js';
import { endsCleanly, FileJournal, journalsDir, listJournalPaths, readJournalFile } from './journal.js';
import { isAlive, lockPath, readLock } from './lock.js';
import type { MigrationStatus, ModeChange } from '../plan/types.js';
import { targetIdentity } from '../registry/target-identity.js';
import { keyOf } from '../keys.js';

type StepEntry = Extract<JournalEntry, { type: 'step' }>;

/** What a journal says about one migration (`srx migrate status`, JSON kind "migration-status"). */
export interface MigrationStatusResult {
  readonly kind: 'migration-status';
  readonly id: string;
  readonly migrationKind: JournalHeader['migrationKind'];
  readonly status: MigrationStatus;
  /** A live srx process is running it now. */
  readonly running: boolean;
  readonly source: JournalHeader['source'];
  readonly target: JournalHeader['target'];
  readonly scope: JournalHeader['scope'];
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly counts: {
    readonly planned: number;
    readonly registered: number;
    readonly softDeleted: number;
    readonly configured: number;
    readonly failed: number;
    readonly rolledBack: number;
  };
  readonly failures: readonly {
    readonly stepId: string;
    readonly subject: string;
    readonly context: string;
    readonly version: number | null;
    readonly error: string;
  }[];
  /** Modes srx switched and never put back (a crash): restore them with `migrate resume` or `rollback`. */
  readonly modesLeftChanged: readonly ModeChange[];
  readonly journalPath: string;
}

/** The journal path for an id (or a unique id prefix). */
export function findJournal(stateDir: string, id: string): string {
  const exact = join(journalsDir(stateDir), `${id}.jsonl`);
  if (existsSync(exact)) return exact;
  const matches = listJournalPaths(stateDir).filter((p) => basename(p).startsWith(id));
  if (matches.length === 1) return matches[0]!;
  throw new UsageError(
    'E_MIGRATION_NOT_FOUND',
    matches.length ? `migration id "${id}" is ambiguous (${matches.length} match)` : `no migration "${id}" in ${journalsDir(stateDir)}`,
    'list them with `srx migrate list`',
  );
}

const headerSchema = z
  .object({
    type: z.literal('header'),
    id: z.string().min(1),
    migrationKind: z.enum(['migrate', 'sync', 'import']),
    source: registryRefSchema.extend({ kind: z.enum(['http', 'export']), path: z.string().optional() }),
    target: registryRefSchema,
    scope: scopeSchema,
    policy: policySchema,
    startedAt: z.string(),
    planned: z.number().int().nonnegative(),
    targetBefore: z.record(z.array(z.number().int())),
  })
  .passthrough();

/**
 * The header of migration `id` (or an unambiguous prefix) in a state directory, verified (hash chain) and
 * checked field by field: what `status`, `resume` and `rollback` start from, so the CLI never parses journals.
 */
export function readMigrationHeader(stateDir: string, id: string): JournalHeader {
  const path = findJournal(stateDir, id);
  const parsed = headerSchema.safeParse(readJournalFile(path)[0]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new JournalCorruptError(
      'E_JOURNAL_CORRUPT',
      `${path}: the header record is not one srx wrote (${issue.path.join('.') || 'header'}: ${issue.message})`,
      'the journal cannot be trusted; inspect the target registry by hand',
    );
  }
  return parsed.data;
}

/** Scopes a run switched to IMPORT and did not restore (last record per scope wins). */
export function leftoverModes(entries: readonly JournalEntry[]): { scope: { context: string; subject: string | null }; previous: string | null }[] {
  const open = new Map<string, { scope: { context: string; subject: string | null }; previous: string | null }>();
  for (const e of entries) {
    if (e.type === 'mode-set') {
      const key = keyOf(e.context, e.subject ?? '');
      if (!open.has(key)) open.set(key, { scope: { context: e.context, subject: e.subject }, previous: e.previous });
    } else if (e.type === 'mode-restored' || (e.type === 'rollback-step' && e.action === 'restore-mode' && e.status === 'applied')) {
      open.delete(keyOf(e.context, 'subject' in e && e.subject !== null ? e.subject : ''));
    }
  }
  return [...open.values()];
}

/** True when a live process holds the lock for this migration. */
export function isRunning(stateDir: string, header: JournalHeader): boolean {
  const lock = readLock(lockPath(stateDir, header.target.url));
  return !!lock && lock.migrationId === header.id && isAlive(lock.pid);
}

/** Pure apart from the lock check: status, counts, failures and leftover modes of one journal. */
export function summarizeJournal(stateDir: string, path: string, entries: readonly JournalEntry[] = readJournalFile(path)): MigrationStatusResult {
  const header = entries[0] as JournalEntry & JournalHeader;
  const running = isRunning(stateDir, header);
  const steps = new Map<string, StepEntry>();
  let last: Extract<JournalEntry, { type: 'status' }> | undefined;
  let rolledBack = 0;
  let planned = header.planned;
  for (const e of entries) {
    if (e.type === 'step') steps.set(e.stepId, e);
    else if (e.type === 'steps-added') planned += e.steps;
    else if (e.type === 'status') last = e;
    else if (e.type === 'resumed') last = undefined;
    else if (e.type === 'rollback-step' && e.status === 'applied' && e.action === 'hard-delete') rolledBack += 1;
  }
  const applied = [...steps.values()].filter((s) => s.status === 'applied');
  const failed = [...steps.values()].filter((s) => s.status === 'failed');
  const status: MigrationStatus = last?.status ?? (running ? 'running' : 'interrupted');
  return {
    kind: 'migration-status',
    id: header.id,
    migrationKind: header.migrationKind,
    status,
    running,
    source: header.source,
    target: header.target,
    scope: header.scope,
    startedAt: header.startedAt,
    ...(last ? { finishedAt: last.at } : {}),
    counts: {
      // A step recorded but never counted as planned: a subject level read after a run that could not read it (resume planned it).
      planned: Math.max(planned, steps.size),
      registered: applied.filter((s) => s.action === 'register').length,
      softDeleted: applied.filter((s) => s.action === 'soft-delete').length,
      configured: applied.filter((s) => s.action === 'set-compatibility').length,
      failed: failed.length,
      rolledBack,
    },
    failures: failed.map((s) => ({ stepId: s.stepId, subject: s.subject, context: s.context, version: s.version, error: s.error?.message ?? 'failed' })),
    modesLeftChanged: running ? [] : leftoverModes(entries).map(({ scope, previous }) => ({ ...scope, previous, restored: false })),
    journalPath: path,
  };
}

/** `srx migrate list` (JSON kind "migration-list"): every journal, newest first. */
export interface MigrationListResult {
  readonly kind: 'migration-list';
  readonly migrations: readonly (Omit<MigrationStatusResult, 'kind' | 'failures'> & { readonly error?: string })[];
}

/** Reads every journal in the state directory; a corrupt one is listed with its error. */
export function listMigrations(stateDir: string): MigrationListResult {
  const migrations = listJournalPaths(stateDir)
    .reverse()
    .map((path) => {
      try {
        const { kind: _kind, failures: _failures, ...rest } = summarizeJournal(stateDir, path);
        return rest;
      } catch (error) {
        const id = basename(path, '.jsonl');
        return {
          id,
          migrationKind: 'migrate' as const,
          status: 'failed' as const,
          running: false,
          source: { name: '?', url: '', kind: 'http' as const },
          target: { name: '?', url: '' },
          scope: {},
          startedAt: '',
          counts: { planned: 0, registered: 0, softDeleted: 0, configured: 0, failed: 0, rolledBack: 0 },
          modesLeftChanged: [],
          journalPath: path,
          error: messageOf(error),
        };
      }
    });
  return { kind: 'migration-list', migrations };
}

/** Journals of crashed migrations into this target (no final status, no live process), oldest first. */
function crashedJournals(stateDir: string, targetUrl: string): Array<{ path: string; entries: JournalEntry[] }> {
  const crashed: Array<{ path: string; entries: JournalEntry[] }> = [];
  for (const path of listJournalPaths(stateDir)) {
    if (endsCleanly(path)) continue;
    let entries: JournalEntry[];
    try {
      entries = readJournalFile(path);
    } catch {
      continue;
    }
    const header = entries[0] as JournalEntry & JournalHeader;
    if (targetIdentity(header.target.url) !== targetIdentity(targetUrl) || isRunning(stateDir, header)) continue;
    crashed.push({ path, entries });
  }
  return crashed;
}

const scopeKey = (context: string, subject: string | null | undefined) => keyOf(context, subject ?? '');

/** Leftover modes of every crashed (not running, no final status) migration into this target, oldest first. */
export function crashedLeftovers(stateDir: string, targetUrl: string): ReturnType<typeof leftoverModes> {
  const found = new Map<string, ReturnType<typeof leftoverModes>[number]>();
  for (const { entries } of crashedJournals(stateDir, targetUrl)) {
    for (const left of leftoverModes(entries)) {
      const key = scopeKey(left.scope.context, left.scope.subject);
      if (!found.has(key)) found.set(key, left);
    }
  }
  return [...found.values()];
}

/** After a later run restored what crashed runs left changed, records that in their journals too. */
export async function closeLeftovers(stateDir: string, targetUrl: string, restored: readonly ModeChange[]): Promise<void> {
  const done = new Set(restored.filter((m) => m.restored).map((m) => scopeKey(m.context, m.subject)));
  if (done.size === 0) return;
  for (const { path, entries } of crashedJournals(stateDir, targetUrl)) {
    const left = leftoverModes(entries).filter((l) => done.has(scopeKey(l.scope.context, l.scope.subject)));
    if (!left.length) continue;
    const journal = FileJournal.open(path);
    for (const l of left) await journal.append({ type: 'mode-restored', context: l.scope.context, subject: l.scope.subject, mode: l.previous });
    await journal.close();
  }
}
