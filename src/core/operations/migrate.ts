import { randomBytes } from 'node:crypto';
import { InterruptedError, RefusedError, RegistryError, UsageError } from '../errors.js';
import { capabilityProfile } from '../registry/capabilities.js';
import { silentProgress } from '../progress.js';
import { DEFAULT_CONTEXT, needsDecodingServer, normalizeContext, qualifySubject } from '../registry/paths.js';
import { looksQualified, namedContextsRefused, supportsNamedContexts } from '../registry/context-support.js';
import { contextMapper } from '../plan/context-mapping.js';
import { applyPlan, type ApplyResult } from '../apply/apply-plan.js';
import { closeLeftovers, crashedLeftovers, findJournal, leftoverModes } from '../journal/history.js';
import { FileJournal, journalsDir, newMigrationId, readJournalFile, type JournalHeader } from '../journal/journal.js';
import { acquireTargetLock } from '../journal/lock.js';
import { planMigration } from '../plan/plan-migration.js';
import { describePlanChanges } from '../plan/describe-plan-changes.js';
import { markRefusedSteps } from './mark-refused-steps.js';
import { buildMigrationReport, type CompatibilityFinding, type MigrationReport } from './migration-report.js';
import { mapLimit } from '../registry/limiter.js';
import { readMigrationSource, readMigrationTarget, type LeftBehindVersion } from './read-for-migration.js';
import { ensureDir } from '../state/state-dir.js';
import type {
  IdMapEntry,
  MigrationPlan,
  MigrationRequest,
  MigrationResult,
  MigrationScope,
  MigrationStatus,
  MigrationStepResult,
  MigrationSummary,
  MigrationWarning,
} from '../plan/types.js';
import { assertScopeMatches } from '../snapshot/check-scope.js';
import { readSourceSnapshot, type SnapshotSource } from './read-source.js';
import type { Snapshot } from '../snapshot/types.js';
import { keyOf, contextSubjectOf } from '../keys.js';

/** Validates and normalizes a scope: contexts as `.x`; a target context needs exactly one source context. */
export function normalizeScope(scope: MigrationScope): MigrationScope {
  const contexts = scope.contexts?.map(normalizeContext);
  const targetContext = scope.targetContext !== undefined ? normalizeContext(scope.targetContext) : undefined;
  if (targetContext !== undefined && (contexts?.length ?? 0) !== 1) {
    throw new UsageError('E_USAGE_OPTION', '--target-context maps exactly one source context; name it (--context/--source-context)');
  }
  return { ...scope, contexts, targetContext };
}

/** A fresh migration id (time-sortable). */
export function createMigrationId(): string {
  return newMigrationId(new Date(), randomBytes(3).toString('hex'));
}

/** `srx migrate report`: both snapshots, the plan, compatibility checks of additions to existing target subjects (at most 200). */
export async function reportMigration(request: MigrationRequest): Promise<MigrationReport> {
  const { source, target, plan } = await readAndPlan(request);
  const existing = new Set(plan.subjects.filter((s) => s.existsInTarget).map((s) => keyOf(s.context, s.subject)));
  const checks = plan.steps.filter((s) => s.action === 'register' && existing.has(keyOf(s.context, s.subject))).slice(0, 200);
  const compatibility = await mapLimit(checks, 8, async (s): Promise<CompatibilityFinding> => {
    const r = await request.target.client.testCompatibility(
      s.context,
      s.subject,
      { schema: s.schema!, schemaType: s.schemaType, references: s.references },
      'all',
    );
    return { context: s.context, subject: s.subject, version: s.sourceVersion, isCompatible: r.isCompatible, messages: r.messages };
  });
  return buildMigrationReport(source, target, plan, compatibility, new Date().toISOString(), await configSnapshots(request));
}

/**
 * Both sides read with their config exactly as `srx compare` reads them (same scope; subject and context compatibility
 * and mode), so that the report's config drift is compare's. The migration's own reads skip what it does not copy.
 */
async function configSnapshots(request: MigrationRequest): Promise<{ source: Snapshot; target: Snapshot }> {
  const scope = normalizeScope(request.scope);
  const map = contextMapper(scope.targetContext !== undefined ? scope.contexts?.[0] : undefined, scope.targetContext);
  const common = { subjects: scope.subjects, exclude: scope.exclude, includeDeleted: false, includeConfig: true };
  const target: SnapshotSource = { kind: 'http', client: request.target.client, registry: request.target.registry };
  const [withConfig, targetWithConfig] = await Promise.all([
    readSourceSnapshot(request.source, { ...common, contexts: scope.contexts }),
    readSourceSnapshot(target, { ...common, contexts: scope.contexts?.map(map) }),
  ]);
  return { source: withConfig, target: targetWithConfig };
}

/** Snapshot → Plan: reads the source and the part of the target the scope touches, then plans. */
async function readAndPlan(request: MigrationRequest) {
  const scope = normalizeScope(request.scope);
  const progress = request.progress ?? silentProgress();
  const { snapshot: source, leftBehind } = await readMigrationSource(request.source, scope, request.policy, progress);
  await assertTargetContexts(request.target.client, request.target.registry.name, source, scope);
  const target = await readMigrationTarget(request.target.client, request.target.registry, source, scope, progress);
  assertScopeMatches([source, target], { contexts: scope.contexts, subjects: scope.subjects, exclude: scope.exclude }, request.allowEmpty);
  const targetAcceptsIdZero = request.policy.preserveIds && hasIdZero(source) ? await isConfluent(request.target.client) : false;
  const planned = await markRefusedSteps(planMigration({ source, target, scope, policy: request.policy, targetAcceptsIdZero }), source, target, request);
  const plan = await withUnaddressableSubjects(withLeftBehindWarnings(planned, leftBehind), request.target.client);
  return { source, target, plan };
}

/**
 * A plan that writes into a named context (--target-context .x, or a source named context mapped 1:1) on a
 * target without named contexts (Apicurio, Karapace) stops before anything is read from the target or written.
 */
export async function assertTargetContexts(client: MigrationRequest['target']['client'], name: string, source: Snapshot, scope: MigrationScope): Promise<void> {
  const map = contextMapper(scope.targetContext !== undefined ? scope.contexts?.[0] : undefined, scope.targetContext);
  const written = source.contexts.filter((c) => c.subjects.length > 0 && (!scope.contexts || scope.contexts.includes(c.name))).map((c) => map(c.name));
  const named = [...new Set([...(scope.targetContext !== undefined ? [scope.targetContext] : []), ...written])].filter((c) => c !== DEFAULT_CONTEXT);
  if (named.length > 0 && !(await supportsNamedContexts(client))) throw namedContextsRefused(name, named, 'target');
}

function hasIdZero(snapshot: Snapshot): boolean {
  return snapshot.contexts.some((c) => c.subjects.some((s) => s.versions.some((v) => v.id === 0)));
}

/** Confluent keeps an explicit id 0 in IMPORT; asked only when a source version has id 0. */
async function isConfluent(client: MigrationRequest['target']['client']): Promise<boolean> {
  return Boolean((await client.serverInfo()).confluent);
}

/** Reads both sides and plans (nothing written). */
export async function planFromRegistries(request: MigrationRequest): Promise<MigrationPlan> {
  const { plan } = await readAndPlan(request);
  return withImportSupport(plan, request.target.client);
}

/**
 * A target without the mode API cannot enter IMPORT mode: a reachable registry lacking a capability is a
 * refusal (exit 2, before any write; preview and report stop the same way), not a conflict per subject.
 */
async function withImportSupport(plan: MigrationPlan, client: MigrationRequest['target']['client']): Promise<MigrationPlan> {
  const needing = plan.subjects.filter((s) => s.importScope !== 'none' && s.hasWrites);
  if (needing.length === 0) return plan;
  const profile = client.probe ? await capabilityProfile(client) : null;
  if (profile?.modeWrites === 'no') {
    const conflicts = needing.map((s) => ({
      type: 'import-not-possible' as const,
      context: s.context,
      subject: s.subject,
      message: `${plan.target.name} cannot enter IMPORT mode (${profile.vendor ?? 'its'} ${READ_ONLY_MODES}): ids cannot be preserved; use --no-preserve-ids (with --id-map)`,
    }));
    return { ...plan, conflicts: [...plan.conflicts, ...conflicts], blocked: true };
  }
  if (profile?.importKeepsIds === 'no') {
    const message = `ids cannot be kept on ${plan.target.name}: ${profile.vendor ?? 'it'} accepts IMPORT mode but assigns its own ids, so the migration would stop at its first write; use --no-preserve-ids (with --id-map)`;
    return { ...plan, warnings: [...plan.warnings, { type: 'will-be-refused', message }] };
  }
  try {
    await client.getMode(needing[0]!.context, null);
    return plan;
  } catch (error) {
    if (!(error instanceof RegistryError) || (error.status !== 404 && error.status !== 405) || error.errorCode !== undefined) throw error;
    throw new RefusedError(
      'E_IMPORT_NOT_POSSIBLE',
      `${plan.target.name} has no mode API (GET /mode is not found), so it cannot enter IMPORT mode: ids and versions cannot be preserved there; nothing written`,
      'migrate with --no-preserve-ids (the target assigns ids; --id-map records them)',
      { cause: error },
    );
  }
}

/** A plan that needs IMPORT on a target whose modes are read-only (the capability profile knows): a refusal (exit 2), nothing written. */
function refuseReadOnlyModes(plan: MigrationPlan): void {
  const refused = plan.conflicts.find((c) => c.type === 'import-not-possible' && c.message.includes(READ_ONLY_MODES));
  if (refused)
    throw new RefusedError(
      'E_IMPORT_NOT_POSSIBLE',
      `${refused.message.replace(/; use --no-preserve-ids.*$/, '')}; nothing written`,
      'migrate with --no-preserve-ids (the target assigns ids; --id-map records them)',
    );
}

const READ_ONLY_MODES = 'modes are read-only';

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
    const plan = await currentPlan(request);
    refuseReadOnlyModes(plan);
    // Modes an interrupted run left in IMPORT must be put back even when nothing else is left to do.
    const leftovers = plan.blocked ? [] : crashedLeftovers(request.stateDir, request.target.registry.url);
    if (plan.blocked || (!plan.steps.some((s) => s.action !== 'skip') && leftovers.length === 0)) {
      return buildResult(request, plan, id, startedAt, plan.blocked ? 'failed' : 'completed', plannedSteps(plan, plan.blocked), [], undefined);
    }
    if (request.signal?.aborted) throw new InterruptedError('interrupted before the first write; nothing written');
    const journal = FileJournal.create(journalsDir(request.stateDir), header(request, plan, id, startedAt), request.redact);
    request.onStart?.(id, journal.path);
    const result = await execute(request, plan, journal, id, startedAt, leftovers);
    await closeLeftovers(request.stateDir, request.target.registry.url, result.modes);
    return result;
  } finally {
    release();
  }
}

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
    const resumed = { ...request, scope: head.scope, policy: head.policy, kind: head.migrationKind };
    return await execute(resumed, plan, journal, head.id, head.startedAt, leftoverModes(entries));
  } finally {
    release();
  }
}

async function currentPlan(request: MigrationRequest): Promise<MigrationPlan> {
  const fresh = await planFromRegistries(request);
  if (!request.plan) return fresh;
  const saved = request.plan;
  if (saved.fingerprints.source !== fresh.fingerprints.source || saved.fingerprints.target !== fresh.fingerprints.target) {
    const side = saved.fingerprints.source !== fresh.fingerprints.source ? 'source' : 'target';
    const changes = describePlanChanges(saved, fresh);
    const what = changes.length ? `: ${changes.join('; ')}` : ' (the same steps, but versions in scope changed)';
    throw new RefusedError(
      'E_PLAN_STALE',
      `the ${side} changed in the plan's scope since the plan was made${what}; nothing written`,
      'make a new plan (srx migrate preview … --plan-out)',
    );
  }
  return saved;
}

function header(request: MigrationRequest, plan: MigrationPlan, id: string, startedAt: string): JournalHeader {
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

async function execute(
  request: MigrationRequest,
  plan: MigrationPlan,
  journal: FileJournal,
  id: string,
  startedAt: string,
  leftovers: ReturnType<typeof leftoverModes>,
): Promise<MigrationResult> {
  const progress = request.progress ?? silentProgress();
  const step = `migrating into ${request.target.registry.name}`;
  progress.start(step);
  let applied: ApplyResult;
  try {
    applied = await applyPlan(plan, {
      client: request.target.client,
      journal,
      progress,
      signal: request.signal,
      concurrency: request.concurrency,
      leftoverModes: leftovers,
      alwaysLookUp: Boolean(request.plan),
    });
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

/**
 * One warning per subject whose soft-deleted source versions the migration leaves behind: a record
 * written with one of their ids will not decode on the target.
 */
export function withLeftBehindWarnings(plan: MigrationPlan, leftBehind: readonly LeftBehindVersion[]): MigrationPlan {
  if (leftBehind.length === 0) return plan;
  const bySubject = new Map<string, LeftBehindVersion[]>();
  for (const v of leftBehind) bySubject.set(keyOf(v.context, v.subject), [...(bySubject.get(keyOf(v.context, v.subject)) ?? []), v]);
  const warnings = [...bySubject.values()].map((versions): MigrationWarning => {
    const { context, subject } = versions[0]!;
    const list = versions.map((v) => `version ${v.version} (id ${v.id})`).join(', ');
    return {
      type: 'soft-deleted-left-behind',
      context,
      subject,
      message: `${qualifySubject(context, subject)}: soft-deleted ${list} not copied; records written with ${versions.length === 1 ? 'that id' : 'those ids'} will not decode on the target (use --include-deleted)`,
    };
  });
  return { ...plan, warnings: [...plan.warnings, ...warnings] };
}

/**
 * A subject holding `/` or `;` can only be sent escaped; a target that does not decode escapes (AxonOps)
 * would write it under another name. Such subjects are conflicts (blocking) before any write.
 */
export async function withUnaddressableSubjects(plan: MigrationPlan, client: MigrationRequest['target']['client']): Promise<MigrationPlan> {
  const written = [...new Set(plan.steps.filter((s) => s.action !== 'skip').map((s) => keyOf(s.context, s.subject)))].map((key) => contextSubjectOf(key));
  const dots = written.filter(([, subject]) => subject === '.' || subject === '..');
  const escaped = written.filter(([, subject]) => needsDecodingServer(subject));
  const undecoded = escaped.length > 0 && client.decodesEscapedPaths !== undefined && !(await client.decodesEscapedPaths());
  // `:.x:s` from a server without contexts: a target with named contexts would file it as subject s of context .x.
  const literal = written.filter(([context, subject]) => context === DEFAULT_CONTEXT && looksQualified(subject));
  const qualifying = literal.length > 0 && (await supportsNamedContexts(client));
  const subjects = [...dots, ...(undecoded ? escaped : []), ...(qualifying ? literal : [])].map(([context, subject]) => keyOf(context, subject));
  if (subjects.length === 0) return plan;
  const conflicts = subjects.map((key): MigrationPlan['conflicts'][number] => {
    const [context, subject] = contextSubjectOf(key);
    const why =
      subject === '.' || subject === '..'
        ? 'no registry URL can address it (URLs resolve dot segments)'
        : looksQualified(subject) && !needsDecodingServer(subject)
          ? `${plan.target.name} has named contexts and would file this default-context name as a subject of another context`
          : `${plan.target.name} cannot address it (it does not decode escaped paths, so "/" or ";" would name another subject)`;
    return { type: 'subject-not-addressable', context, subject, message: `${qualifySubject(context, subject)}: ${why}` };
  });
  const bad = new Set(subjects);
  const steps = plan.steps.map((s) =>
    bad.has(keyOf(s.context, s.subject)) ? { ...s, action: 'skip' as const, reason: 'subject not addressable on the target' } : s,
  );
  return { ...plan, steps, conflicts: [...plan.conflicts, ...conflicts], blocked: plan.blocked || plan.policy.onConflict === 'fail' };
}
