import { randomBytes } from 'node:crypto';
import { applyPlan, type ApplyResult } from '../apply/apply-plan.js';
import { InterruptedError, messageOf } from '../errors.js';
import { closeLeftovers, crashedLeftovers, type leftoverModes } from '../journal/history.js';
import { FileJournal, journalsDir, newMigrationId, type JournalHeader } from '../journal/journal.js';
import { acquireTargetLock } from '../journal/lock.js';
import { keyOf } from '../keys.js';
import type {
  IdMapEntry,
  MigrationPlan,
  MigrationRequest,
  MigrationResult,
  MigrationStatus,
  MigrationStepResult,
  MigrationSummary,
  PlanStep,
} from '../plan/types.js';
import { silentProgress } from '../progress.js';
import { ensureDir } from '../state/state-dir.js';
import { currentPlan, planForRun, refuseReadOnlyModes, withLaterSteps } from './plan-from-registries.js';

/** A fresh migration id (time-sortable). */
export function createMigrationId(): string {
  return newMigrationId(new Date(), randomBytes(3).toString('hex'));
}

/**
 * Snapshot → Plan → Apply → Journal. Dry runs and blocked plans write nothing (status 'planned'/'failed'
 * with the conflicts). Otherwise: a journal record before the first write, one lock per target.
 */
export async function runMigration(request: MigrationRequest): Promise<MigrationResult> {
  const startedAt = new Date().toISOString();
  const id = request.id ?? createMigrationId();
  if (request.dryRun) {
    const plan = await currentPlan(request);
    return buildResult(request, plan, id, startedAt, 'planned', plannedSteps(plan, true), [], undefined);
  }
  // The lock is taken before reading the target, so a second migration into the same target is
  // always refused by the lock, never planned against a target the first one is changing.
  ensureDir(journalsDir(request.stateDir));
  const release = acquireTargetLock(request.stateDir, request.target.registry, id);
  try {
    const { plan, laterSteps } = await planForRun(request);
    refuseReadOnlyModes(plan);
    // Modes an interrupted run left in IMPORT must be put back even when nothing else is left to do.
    const leftovers = plan.blocked ? [] : crashedLeftovers(request.stateDir, request.target.registry.url);
    if (plan.blocked || (!plan.steps.some((s) => s.action !== 'skip') && leftovers.length === 0)) {
      return buildResult(request, plan, id, startedAt, plan.blocked ? 'failed' : 'completed', plannedSteps(plan, plan.blocked), [], undefined);
    }
    if (request.signal?.aborted) throw new InterruptedError('interrupted before the first write; nothing written');
    const journal = FileJournal.create(journalsDir(request.stateDir), header(request, plan, id, startedAt), request.redact);
    request.onStart?.(id, journal.path);
    const result = await execute(request, plan, journal, id, startedAt, leftovers, laterSteps);
    await closeLeftovers(request.stateDir, request.target.registry.url, result.modes);
    return result;
  } finally {
    release();
  }
}

export function header(request: MigrationRequest, plan: MigrationPlan, id: string, startedAt: string): JournalHeader {
  const touched = new Set(plan.steps.filter((s) => s.action !== 'skip').map((s) => keyOf(s.context, s.subject)));
  const targetBefore: Record<string, number[]> = {};
  for (const s of plan.subjects) if (touched.has(keyOf(s.context, s.subject)) && s.existsInTarget) targetBefore[keyOf(s.context, s.subject)] = [];
  // Versions the target held before: those skipped as present, and those the run soft-deletes without registering them.
  const registered = new Set(plan.steps.filter((s) => s.action === 'register').map((s) => keyOf(s.context, s.subject, s.version)));
  for (const step of plan.steps) {
    const key = keyOf(step.context, step.subject);
    if (!targetBefore[key] || step.version === null) continue;
    if (step.action === 'skip' || (step.action === 'soft-delete' && !registered.has(keyOf(key, step.version)))) targetBefore[key].push(step.version);
  }
  const source =
    request.source.kind === 'export'
      ? { ...request.source.registry, kind: 'export' as const, path: request.source.path }
      : { ...request.source.registry, kind: 'http' as const };
  return {
    type: 'header',
    id,
    migrationKind: request.kind ?? 'migrate',
    source,
    target: request.target.registry,
    scope: plan.scope,
    policy: plan.policy,
    startedAt,
    planned: plan.steps.filter((s) => s.action !== 'skip').length,
    targetBefore,
  };
}

export async function execute(
  request: MigrationRequest,
  planned: MigrationPlan,
  journal: FileJournal,
  id: string,
  startedAt: string,
  leftovers: ReturnType<typeof leftoverModes>,
  laterSteps?: Promise<PlanStep[]>,
): Promise<MigrationResult> {
  const progress = request.progress ?? silentProgress();
  const step = `migrating into ${request.target.registry.name}`;
  progress.start(step);
  let plan = planned;
  let applied: ApplyResult;
  const options = {
    client: request.target.client,
    journal,
    progress,
    signal: request.signal,
    concurrency: request.concurrency,
    leftoverModes: leftovers,
    alwaysLookUp: Boolean(request.plan),
  };
  try {
    applied = await applyPlan(plan, options);
    // Subject compatibility read while the versions were written: its steps are planned (journaled) and applied now.
    if (laterSteps && !applied.interrupted && applied.stopped === undefined) {
      const later = await laterSteps.then(
        (steps) => ({ steps }),
        (error: unknown) => ({ error }),
      );
      if ('error' in later) {
        // The versions are written; the levels could not be read: a partial run that resume completes.
        if (request.signal?.aborted) applied = { ...applied, interrupted: true };
        else {
          const why = `subject compatibility could not be read from ${request.source.registry.name} (${messageOf(later.error)})`;
          applied = { ...applied, stopped: `${why}; the versions are written, and \`srx migrate resume ${id}\` copies it` };
        }
      } else if (later.steps.length > 0) {
        await journal.append({ type: 'steps-added', steps: later.steps.length });
        plan = withLaterSteps(plan, later.steps);
        const after = await applyPlan({ ...planned, steps: later.steps, subjects: [], contextModes: [] }, { ...options, leftoverModes: [] });
        applied = inPlanOrder(plan, applied, after);
      }
    }
  } catch (error) {
    progress.fail(step, error);
    await journal.append({ type: 'status', status: 'failed' }).catch(() => {});
    await journal.close();
    throw error;
  }
  const status = statusOf(applied);
  const result = buildResult(request, plan, id, startedAt, status, applied.steps, applied.modes, journal.path, applied.modeFailures, applied.stopped);
  await journal.append({ type: 'status', status, summary: result.summary, modesLeftChanged: applied.modes.filter((m) => !m.restored).length });
  await journal.close();
  if (status === 'completed') progress.succeed(step);
  else progress.fail(step);
  return { ...result, finishedAt: new Date().toISOString() };
}

/** Two runs of one migration as one: steps in the plan's order, modes and outcomes of both. */
function inPlanOrder(plan: MigrationPlan, first: ApplyResult, then: ApplyResult): ApplyResult {
  const byId = new Map([...first.steps, ...then.steps].map((s) => [s.stepId, s]));
  return {
    kind: 'apply',
    steps: plan.steps.map((s) => byId.get(s.stepId)!),
    modes: [...first.modes, ...then.modes],
    interrupted: first.interrupted || then.interrupted,
    modeFailures: [...first.modeFailures, ...then.modeFailures],
    ...(then.stopped !== undefined ? { stopped: then.stopped } : {}),
  };
}

function statusOf(applied: ApplyResult): MigrationStatus {
  if (applied.interrupted) return 'interrupted';
  const failed = applied.steps.filter((s) => s.status === 'failed').length;
  const done = applied.steps.filter((s) => s.status === 'applied').length;
  if (applied.stopped) return 'partial';
  if (failed === 0 && applied.modeFailures.length === 0) return 'completed';
  return done === 0 && failed > 0 ? 'failed' : 'partial';
}

function plannedSteps(plan: MigrationPlan, planned: boolean): MigrationStepResult[] {
  return plan.steps.map((s) => ({
    stepId: s.stepId,
    action: s.action,
    subject: s.subject,
    context: s.context,
    version: s.version,
    sourceId: s.sourceId,
    targetId: s.targetId,
    status: s.action === 'skip' ? 'skipped' : planned ? 'planned' : 'pending',
    reason: s.reason,
  }));
}

/** Counts per status and action. */
export function summarize(steps: readonly MigrationStepResult[], conflicts: number): MigrationSummary {
  const count = (pred: (s: MigrationStepResult) => boolean) => steps.filter(pred).length;
  return {
    planned: count((s) => s.status === 'planned'),
    registered: count((s) => s.status === 'applied' && s.action === 'register'),
    softDeleted: count((s) => s.status === 'applied' && s.action === 'soft-delete'),
    configured: count((s) => s.status === 'applied' && s.action === 'set-compatibility'),
    skipped: count((s) => s.status === 'skipped'),
    failed: count((s) => s.status === 'failed'),
    pending: count((s) => s.status === 'pending'),
    conflicts,
  };
}

function buildResult(
  request: MigrationRequest,
  plan: MigrationPlan,
  id: string,
  startedAt: string,
  status: MigrationStatus,
  steps: MigrationStepResult[],
  modes: MigrationResult['modes'],
  journalPath: string | undefined,
  modeFailures: readonly string[] = [],
  stopped?: string,
): MigrationResult {
  const warnings = [
    ...plan.warnings,
    ...modeFailures.map((m) => ({ type: 'info' as const, message: `mode not restored: ${m}` })),
    ...(stopped ? [{ type: 'info' as const, message: `stopped: ${stopped}` }] : []),
  ];
  const byId = new Map(steps.map((x) => [x.stepId, x]));
  const idMap: IdMapEntry[] | undefined = plan.policy.preserveIds
    ? undefined
    : plan.steps
        .filter((s) => s.action === 'register' || (s.action === 'skip' && s.sourceVersion !== null && s.schema !== undefined))
        .map((s) => {
          const r = byId.get(s.stepId);
          return {
            context: s.context,
            subject: s.subject,
            sourceVersion: s.sourceVersion,
            version: r?.version ?? s.version,
            sourceId: s.sourceId,
            targetId: r?.targetId ?? s.targetId,
          };
        });
  return {
    kind: 'migration',
    id,
    migrationKind: request.kind ?? 'migrate',
    status,
    dryRun: request.dryRun,
    source: { name: request.source.registry.name, url: request.source.registry.url },
    target: { name: request.target.registry.name, url: request.target.registry.url },
    scope: plan.scope,
    startedAt,
    steps,
    summary: summarize(steps, plan.conflicts.length),
    warnings,
    conflicts: plan.conflicts,
    modes,
    ...(idMap ? { idMap } : {}),
    ...(journalPath ? { journalPath } : {}),
    plan,
  };
}
