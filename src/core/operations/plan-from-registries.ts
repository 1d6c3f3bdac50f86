import { isContextStep } from '../apply/apply-plan.js';
import { RefusedError, RegistryError, UsageError } from '../errors.js';
import { keyOf, contextSubjectOf } from '../keys.js';
import { describePlanChanges } from '../plan/describe-plan-changes.js';
import { scopeMapper } from '../plan/context-mapping.js';
import { planMigration, subjectCompatibilitySteps } from '../plan/plan-migration.js';
import type { MigrationPlan, MigrationRequest, MigrationScope, MigrationWarning, PlanStep } from '../plan/types.js';
import { silentProgress } from '../progress.js';
import { capabilityProfile } from '../registry/capabilities.js';
import { looksQualified, namedContextsRefused, supportsNamedContexts } from '../registry/context-support.js';
import { DEFAULT_CONTEXT, needsDecodingServer, normalizeContext, qualifySubject } from '../registry/paths.js';
import { assertScopeMatches } from '../snapshot/check-scope.js';
import type { Snapshot } from '../snapshot/types.js';
import { markRefusedSteps } from './mark-refused-steps.js';
import { readMigrationSource, readMigrationTarget, type LeftBehindVersion } from './read-for-migration.js';
import { readSourceSnapshot } from './read-source.js';

// Reading both sides of a migration and planning it, nothing written: the plan `migrate preview` shows,
// `migrate report` explains, and runMigration and resumeMigration apply.

/** Validates and normalizes a scope: contexts as `.x`; a target context needs exactly one source context. */
export function normalizeScope(scope: MigrationScope): MigrationScope {
  const contexts = scope.contexts?.map(normalizeContext);
  const targetContext = scope.targetContext !== undefined ? normalizeContext(scope.targetContext) : undefined;
  if (targetContext !== undefined && (contexts?.length ?? 0) !== 1) {
    throw new UsageError('E_USAGE_OPTION', '--target-context maps exactly one source context; name it (--context/--source-context)');
  }
  return { ...scope, contexts, targetContext };
}

/** Reads both sides and plans (nothing written). */
export async function planFromRegistries(request: MigrationRequest): Promise<MigrationPlan> {
  const { plan } = await readAndPlan(request);
  return withImportSupport(plan, request.target.client);
}

export async function currentPlan(request: MigrationRequest): Promise<MigrationPlan> {
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

/** Snapshot → Plan: reads the source and the part of the target the scope touches, then plans. */
export async function readAndPlan(request: MigrationRequest, options: { readonly deferSubjectCompatibility?: boolean } = {}) {
  const scope = normalizeScope(request.scope);
  const progress = request.progress ?? silentProgress();
  // Subject levels only add steps after the versions when ids are kept (--no-preserve-ids plans around them).
  const defer = Boolean(options.deferSubjectCompatibility) && request.policy.preserveIds;
  const read = await readMigrationSource(request.source, scope, request.policy, progress, { deferSubjectCompatibility: defer });
  let source = read.snapshot;
  await assertTargetContexts(request.target.client, request.target.registry.name, source, scope);
  const target = await readMigrationTarget(request.target.client, request.target.registry, source, scope, progress);
  assertScopeMatches([source, target], { contexts: scope.contexts, subjects: scope.subjects, exclude: scope.exclude }, request.allowEmpty);
  const targetAcceptsIdZero = request.policy.preserveIds && hasIdZero(source) ? await isConfluent(request.target.client) : false;
  const planWith = async (snapshot: Snapshot) => {
    const planned = await markRefusedSteps(
      planMigration({ source: snapshot, target, scope, policy: request.policy, targetAcceptsIdZero }),
      snapshot,
      target,
      request,
    );
    return withUnaddressableSubjects(withLeftBehindWarnings(planned, read.leftBehind), request.target.client);
  };
  let levels = read.withSubjectLevels;
  // Levels read later change only the steps after the versions when every subject is new to the target: else now.
  if (levels && !allNewToTarget(source, target, scope)) [source, levels] = [await levels, undefined];
  let plan = await planWith(source);
  if (levels && (plan.blocked || plan.conflicts.length > 0)) {
    [source, levels] = [await levels, undefined];
    plan = await planWith(source);
  }
  const laterSteps = levels?.then((full) => subjectCompatibilitySteps({ source: full, target, scope, policy: request.policy, targetAcceptsIdZero }));
  laterSteps?.catch(() => {});
  return { source, target, plan, laterSteps };
}

/** A run's plan; with `laterSteps`, the subject compatibility steps still being read from the source. */
export interface RunPlan {
  readonly plan: MigrationPlan;
  /** Added to the plan (withLaterSteps) and applied once the versions are written; never rejects unhandled. */
  readonly laterSteps?: Promise<PlanStep[]>;
}

/**
 * The plan a migration applies. Into subjects new to the target, with ids kept, the source's subject compatibility
 * (a request per subject) is read while the versions are written: those levels only add steps after the versions.
 */
export async function planForRun(request: MigrationRequest): Promise<RunPlan> {
  if (request.plan) return { plan: await currentPlan(request) };
  const { plan, laterSteps } = await readAndPlan(request, { deferSubjectCompatibility: true });
  const checked = await withImportSupport(plan, request.target.client);
  // A plan refused before any write shows every step it had, levels included.
  if (laterSteps && checked.blocked) return { plan: withLaterSteps(checked, await laterSteps) };
  return { plan: checked, laterSteps };
}

/** The plan with subject compatibility steps made after it, where planMigration puts them: before context-level steps. */
export function withLaterSteps(plan: MigrationPlan, later: readonly PlanStep[]): MigrationPlan {
  if (later.length === 0) return plan;
  const at = plan.steps.findIndex(isContextStep);
  const steps = at < 0 ? [...plan.steps, ...later] : [...plan.steps.slice(0, at), ...later, ...plan.steps.slice(at)];
  return { ...plan, steps };
}

/** Every source subject is absent from the target (read with soft-deleted versions): the plan writes each anew. */
function allNewToTarget(source: Snapshot, target: Snapshot, scope: MigrationScope): boolean {
  const map = scopeMapper(scope);
  const present = new Set(target.contexts.flatMap((c) => c.subjects.map((s) => keyOf(c.name, s.name))));
  return source.contexts.every((c) => c.subjects.every((s) => !present.has(keyOf(map(c.name), s.name))));
}

/**
 * Both sides read with their config exactly as `srx compare` reads them (same scope; subject and context compatibility
 * and mode), so that the report's config drift is compare's. The migration's own reads skip what it does not copy.
 */
export async function configSnapshots(request: MigrationRequest): Promise<{ source: Snapshot; target: Snapshot }> {
  const scope = normalizeScope(request.scope);
  const map = scopeMapper(scope);
  const common = { subjects: scope.subjects, exclude: scope.exclude, includeDeleted: false, includeConfig: true };
  const [withConfig, targetWithConfig] = await Promise.all([
    readSourceSnapshot(request.source, { ...common, contexts: scope.contexts }),
    readSourceSnapshot(request.target, { ...common, contexts: scope.contexts?.map(map) }),
  ]);
  return { source: withConfig, target: targetWithConfig };
}

/**
 * A plan that writes into a named context (--target-context .x, or a source named context mapped 1:1) on a
 * target without named contexts (Apicurio, Karapace) stops before anything is read from the target or written.
 */
export async function assertTargetContexts(client: MigrationRequest['target']['client'], name: string, source: Snapshot, scope: MigrationScope): Promise<void> {
  const map = scopeMapper(scope);
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
export function refuseReadOnlyModes(plan: MigrationPlan): void {
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
