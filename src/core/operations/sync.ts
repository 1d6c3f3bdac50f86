import type { MigrationConflict, MigrationPolicy, MigrationRequest, MigrationResult, MigrationScope, RegistryRef, SnapshotSource } from '../plan/types.js';
import { UsageError } from '../errors.js';
import type { Progress } from '../progress.js';
import { qualifySubject } from '../registry/paths.js';
import { runMigration } from './migrate.js';
import type { SyncDirection, SyncRunOutcome } from '../sync/types.js';

/** Everything a one-shot sync needs. */
export interface SyncRequest {
  /** Each side a live registry or, as a source only, an srx export. */
  readonly source: SnapshotSource;
  readonly target: SnapshotSource;
  readonly direction: SyncDirection;
  readonly scope: MigrationScope;
  /** Migration policy; bidirectional syncs always skip conflicts (they are reported, never copied). */
  readonly policy: MigrationPolicy;
  readonly dryRun: boolean;
  readonly stateDir: string;
  /** Masks known secrets in text before it is written to a journal. */
  readonly redact?: (text: string) => string;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  readonly concurrency?: number;
  /** A scope that matches nothing is fine (default: an EmptyScopeError, exit 2). */
  readonly allowEmpty?: boolean;
  /** The migration engine (injectable for tests); default runMigration. */
  readonly migrate?: (request: MigrationRequest) => Promise<MigrationResult>;
}

/** One direction of a sync: which registry was written. */
export type SyncLeg = 'source-to-target' | 'target-to-source';

/** A conflict (seen in one direction, or `both`); neither side of it was changed. */
export interface SyncConflict extends MigrationConflict {
  readonly direction: SyncLeg | 'both';
}

/** Overall status of a sync. */
export type SyncStatus = 'completed' | 'conflicts' | 'partial' | 'failed' | 'interrupted' | 'planned';

/** The result of `srx sync schema|context|registries` (JSON kind "sync"). */
export interface SyncResult {
  readonly kind: 'sync';
  readonly status: SyncStatus;
  readonly direction: SyncDirection;
  readonly dryRun: boolean;
  readonly source: RegistryRef;
  readonly target: RegistryRef;
  readonly scope: MigrationScope;
  /** The migrations run, one per direction (journaled: `srx migrate status <id>`). */
  readonly migrations: readonly (Omit<MigrationResult, 'plan'> & { readonly direction: SyncLeg })[];
  readonly conflicts: readonly SyncConflict[];
  readonly summary: {
    readonly copied: number;
    readonly deleted: number;
    readonly configured: number;
    readonly skipped: number;
    readonly failed: number;
    readonly conflicts: number;
  };
}

/**
 * A one-shot sync: one migration per direction (kind 'sync', journaled). Bidirectional plans
 * both directions first and leaves every conflicting subject out of both, so neither side of
 * a conflict changes; everything else each side lacks is copied.
 */
export async function runSync(request: SyncRequest): Promise<SyncResult> {
  const migrate = request.migrate ?? runMigration;
  if (request.direction === 'source-to-target')
    return combine(request, [await runLeg(request, 'source-to-target', request.policy, [], request.dryRun, migrate)]);
  if (request.direction === 'target-to-source')
    return combine(request, [await runLeg(request, 'target-to-source', request.policy, [], request.dryRun, migrate)]);
  const policy: MigrationPolicy = { ...request.policy, onConflict: 'skip' };
  const planned = [await runLeg(request, 'source-to-target', policy, [], true, migrate), await runLeg(request, 'target-to-source', policy, [], true, migrate)];
  if (request.dryRun || request.signal?.aborted) return combine(request, planned);
  const excluded = conflictingSubjects(planned.flatMap((leg) => leg.conflicts));
  const forward = await runLeg(request, 'source-to-target', policy, excluded, false, migrate);
  if (request.signal?.aborted) return combine(request, [forward], planned);
  const backward = await runLeg(request, 'target-to-source', policy, excluded, false, migrate);
  return combine(request, [forward, backward], planned);
}

async function runLeg(
  request: SyncRequest,
  leg: SyncLeg,
  policy: MigrationPolicy,
  exclude: readonly string[],
  dryRun: boolean,
  migrate: NonNullable<SyncRequest['migrate']>,
): Promise<MigrationResult & { direction: SyncLeg }> {
  const [from, to] = leg === 'source-to-target' ? [request.source, request.target] : [request.target, request.source];
  if (to.kind === 'export')
    throw new UsageError('E_USAGE_REGISTRY', `${to.registry.name} is an export and cannot be written: a sync into it (${leg}) is not possible`);
  const result = await migrate({
    source: from,
    target: to,
    scope: exclude.length ? { ...request.scope, exclude: [...(request.scope.exclude ?? []), ...exclude] } : request.scope,
    policy,
    kind: 'sync',
    dryRun,
    stateDir: request.stateDir,
    redact: request.redact,
    progress: request.progress,
    signal: request.signal,
    concurrency: request.concurrency,
    // Once conflicting subjects are left out, the rest of the scope may rightly be empty.
    allowEmpty: request.allowEmpty || exclude.length > 0,
  });
  return { ...result, direction: leg };
}

/** Qualified names (`:.ctx:subject` outside the default context) of every conflicting subject, as exclude globs. */
function conflictingSubjects(conflicts: readonly MigrationConflict[]): string[] {
  return [...new Set(conflicts.map((c) => qualifySubject(c.context, c.subject)))].sort();
}

function combine(
  request: SyncRequest,
  legs: readonly (MigrationResult & { direction: SyncLeg })[],
  planned: readonly (MigrationResult & { direction: SyncLeg })[] = [],
): SyncResult {
  const conflicts = dedupeConflicts([...planned, ...legs].flatMap((leg) => leg.conflicts.map((c) => ({ ...c, direction: leg.direction }))));
  // A dry run counts what it would do (planned steps), a real one what the registry confirmed.
  const count = (action: string) =>
    legs.reduce((n, leg) => n + leg.steps.filter((st) => st.action === action && st.status === (leg.dryRun ? 'planned' : 'applied')).length, 0);
  const summary = {
    copied: count('register'),
    deleted: count('soft-delete'),
    configured: count('set-compatibility'),
    skipped: legs.reduce((n, leg) => n + leg.summary.skipped, 0),
    failed: legs.reduce((n, leg) => n + leg.summary.failed, 0),
    conflicts: conflicts.length,
  };
  return {
    kind: 'sync',
    status: syncStatus(legs, conflicts.length, request),
    direction: request.direction,
    dryRun: request.dryRun,
    source: request.source.registry,
    target: request.target.registry,
    scope: request.scope,
    migrations: legs.map(({ plan: _plan, ...rest }) => rest),
    conflicts,
    summary,
  };
}

function syncStatus(legs: readonly MigrationResult[], conflicts: number, request: SyncRequest): SyncStatus {
  if (legs.some((leg) => leg.status === 'interrupted') || (request.signal?.aborted && !request.dryRun)) return 'interrupted';
  const wrote = legs.some((leg) => leg.summary.registered + leg.summary.softDeleted + leg.summary.configured > 0);
  const stepsFailed = legs.some((leg) => leg.status === 'partial' || leg.summary.failed > 0);
  if (stepsFailed) return wrote ? 'partial' : 'failed';
  if (conflicts > 0) return 'conflicts';
  if (legs.some((leg) => leg.status === 'failed')) return 'failed';
  return request.dryRun ? 'planned' : 'completed';
}

/** One entry per conflict; a conflict both directions found is reported once, as `both`. */
function dedupeConflicts(conflicts: readonly SyncConflict[]): SyncConflict[] {
  const seen = new Map<string, SyncConflict>();
  for (const c of conflicts) {
    const key = JSON.stringify([c.type, c.context, c.subject, c.version ?? null]);
    const before = seen.get(key);
    if (!before) seen.set(key, c);
    else if (before.direction !== c.direction) seen.set(key, { ...before, direction: 'both' });
  }
  return [...seen.values()];
}

/** A sync result as one scheduled run's outcome. */
export function syncRunOutcome(result: SyncResult): SyncRunOutcome {
  const status = result.status === 'planned' ? 'completed' : result.status;
  return {
    status,
    // Only journaled migrations (a run with nothing to write has no journal for `migrate status`).
    migrationIds: result.migrations.filter((m) => m.journalPath).map((m) => m.id),
    copied: result.summary.copied,
    deleted: result.summary.deleted,
    conflicts: result.summary.conflicts,
    errors: result.summary.failed,
  };
}
