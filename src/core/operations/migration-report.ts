import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { Change, ContextPair } from '../diff/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { contextMapper } from '../plan/context-mapping.js';
import type { MigrationConflict, MigrationPlan, MigrationPolicy, MigrationScope, MigrationWarning, PlanStep, RegistryRef, StepAction } from '../plan/types.js';
import { keyOf } from '../keys.js';
import { mapLimit } from '../registry/limiter.js';
import type { MigrationRequest } from '../plan/types.js';
import { configSnapshots, readAndPlan } from './plan-from-registries.js';

/** One compatibility check of a version the migration would add to an existing target subject. */
export interface CompatibilityFinding {
  readonly context: string;
  readonly subject: string;
  readonly version: number | null;
  readonly isCompatible: boolean;
  readonly messages: readonly string[];
}

/** `srx migrate report` (JSON kind "migration-report"). */
export interface MigrationReport {
  readonly kind: 'migration-report';
  readonly generatedAt: string;
  readonly source: RegistryRef;
  readonly target: RegistryRef;
  readonly scope: MigrationScope;
  readonly policy: MigrationPolicy;
  readonly summary: {
    readonly contexts: number;
    readonly subjectsInSource: number;
    readonly subjectsInTarget: number;
    readonly subjectsToMigrate: number;
    readonly versionsToRegister: number;
    readonly versionsAlreadyPresent: number;
    readonly softDeletes: number;
    readonly configChanges: number;
    readonly conflicts: number;
    readonly warnings: number;
    readonly compatibilityProblems: number;
    readonly configDrift: number;
    readonly blocked: boolean;
  };
  readonly contexts: readonly {
    readonly context: string;
    readonly targetContext: string;
    readonly subjectsInSource: number;
    readonly subjectsInTarget: number;
    readonly versionsToRegister: number;
    readonly alreadyPresent: number;
    readonly conflicts: number;
  }[];
  readonly subjects: readonly {
    readonly context: string;
    readonly subject: string;
    readonly status: 'new' | 'partial' | 'in-sync' | 'conflict';
    readonly versionsToRegister: readonly number[];
    readonly alreadyPresent: number;
    readonly conflicts: number;
    readonly compatibility: { readonly source: string | null; readonly target: string | null };
  }[];
  readonly conflicts: readonly MigrationConflict[];
  readonly warnings: readonly MigrationWarning[];
  readonly compatibility: readonly CompatibilityFinding[];
  readonly configDrift: readonly {
    readonly context: string;
    readonly subject: string | null;
    readonly setting: 'compatibility' | 'mode';
    readonly source: string | null;
    readonly target: string | null;
  }[];
  readonly plan: readonly {
    readonly action: StepAction;
    readonly context: string;
    readonly subject: string;
    readonly version: number | null;
    readonly sourceId: number | null;
    readonly targetId: number | null;
    readonly reason: string;
  }[];
  readonly recommendations: readonly string[];
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
 * Pure: a report from both snapshots, the plan, and the compatibility checks already made. Config drift is what
 * `srx compare` reports for the same contexts (the same diff, its compatibility and mode changes), from `config`:
 * both sides read with their config as compare reads them (default: the snapshots themselves).
 */
export function buildMigrationReport(
  source: Snapshot,
  target: Snapshot,
  plan: MigrationPlan,
  compatibility: readonly CompatibilityFinding[],
  generatedAt: string,
  config: { readonly source: Snapshot; readonly target: Snapshot } = { source, target },
): MigrationReport {
  const map = contextMapper(plan.scope.targetContext !== undefined ? plan.scope.contexts?.[0] : undefined, plan.scope.targetContext);
  const targetSubjects = new Map(target.contexts.flatMap((c) => c.subjects.map((s) => [keyOf(c.name, s.name), s] as const)));
  const stepsBy = groupSteps(plan.steps);
  const conflictCount = (ctx: string, subject?: string) =>
    plan.conflicts.filter((c) => c.context === ctx && (subject === undefined || c.subject === subject)).length;
  const subjects: MigrationReport['subjects'][number][] = [];
  const contexts: MigrationReport['contexts'][number][] = [];
  const pairs = source.contexts
    .filter((c) => !plan.scope.contexts || plan.scope.contexts.includes(c.name))
    .map((c) => ({ source: c.name, target: map(c.name) }));
  const drift = configDrift(config.source, config.target, pairs);
  for (const ctx of source.contexts) {
    if (plan.scope.contexts && !plan.scope.contexts.includes(ctx.name)) continue;
    const tctx = map(ctx.name);
    const tContext = target.contexts.find((c) => c.name === tctx);
    let toRegister = 0;
    let present = 0;
    for (const s of ctx.subjects) {
      const steps = stepsBy.get(keyOf(tctx, s.name)) ?? [];
      const register = steps.filter((x) => x.action === 'register').map((x) => x.sourceVersion ?? 0);
      const skipped = steps.filter((x) => x.action === 'skip' && !x.reason.startsWith('conflict')).length;
      const conflicts = conflictCount(tctx, s.name);
      const t = targetSubjects.get(keyOf(tctx, s.name));
      toRegister += register.length;
      present += skipped;
      subjects.push({
        context: ctx.name,
        subject: s.name,
        status: conflicts ? 'conflict' : register.length === 0 ? 'in-sync' : t ? 'partial' : 'new',
        versionsToRegister: register,
        alreadyPresent: skipped,
        conflicts,
        compatibility: { source: s.compatibility, target: t?.compatibility ?? null },
      });
    }
    contexts.push({
      context: ctx.name,
      targetContext: tctx,
      subjectsInSource: ctx.subjects.length,
      subjectsInTarget: tContext?.subjects.length ?? 0,
      versionsToRegister: toRegister,
      alreadyPresent: present,
      conflicts: conflictCount(tctx),
    });
  }
  const count = (a: StepAction) => plan.steps.filter((s) => s.action === a).length;
  const summary = {
    contexts: contexts.length,
    subjectsInSource: contexts.reduce((n, c) => n + c.subjectsInSource, 0),
    subjectsInTarget: target.contexts.reduce((n, c) => n + c.subjects.length, 0),
    subjectsToMigrate: subjects.filter((s) => s.versionsToRegister.length > 0).length,
    versionsToRegister: count('register'),
    versionsAlreadyPresent: contexts.reduce((n, c) => n + c.alreadyPresent, 0),
    softDeletes: count('soft-delete'),
    configChanges: count('set-compatibility'),
    conflicts: plan.conflicts.length,
    warnings: plan.warnings.length,
    compatibilityProblems: compatibility.filter((c) => !c.isCompatible).length,
    configDrift: drift.length,
    blocked: plan.blocked,
  };
  return {
    kind: 'migration-report',
    generatedAt,
    source: plan.source,
    target: plan.target,
    scope: plan.scope,
    policy: plan.policy,
    summary,
    contexts,
    subjects,
    conflicts: plan.conflicts,
    warnings: plan.warnings,
    compatibility,
    configDrift: drift,
    plan: plan.steps.map((s) => ({
      action: s.action,
      context: s.context,
      subject: s.subject,
      version: s.version,
      sourceId: s.sourceId,
      targetId: s.targetId,
      reason: s.reason,
    })),
    recommendations: recommend(plan, summary),
  };
}

const DRIFT_TYPES: Partial<Record<Change['type'], 'compatibility' | 'mode'>> = {
  'subject.compatibility-differs': 'compatibility',
  'subject.mode-differs': 'mode',
  'context.compatibility-differs': 'compatibility',
  'context.mode-differs': 'mode',
};

/** The compatibility and mode differences `srx compare` reports between these contexts, as report items. */
export function configDrift(source: Snapshot, target: Snapshot, pairs: readonly ContextPair[]): MigrationReport['configDrift'][number][] {
  const diff = diffSnapshots(source, target, { contexts: pairs, includeConfig: true });
  return diff.changes.flatMap((c) => {
    const setting = DRIFT_TYPES[c.type];
    if (!setting || !('source' in c)) return [];
    return [
      { context: c.context, subject: c.subject ?? null, setting, source: (c.source as string | null) ?? null, target: (c.target as string | null) ?? null },
    ];
  });
}

function groupSteps(steps: readonly PlanStep[]): Map<string, PlanStep[]> {
  const map = new Map<string, PlanStep[]>();
  for (const s of steps) {
    const key = keyOf(s.context, s.subject);
    const list = map.get(key);
    if (list) list.push(s);
    else map.set(key, [s]);
  }
  return map;
}

function recommend(plan: MigrationPlan, summary: MigrationReport['summary']): string[] {
  const out: string[] = [];
  const types = new Set(plan.conflicts.map((c) => c.type));
  if (types.has('import-not-possible'))
    out.push(
      'Some target subjects already have versions: IMPORT mode needs --force-import there, or migrate with --no-preserve-ids (ids change; write them with --id-map).',
    );
  if (types.has('content') || types.has('schema-type'))
    out.push('Same version numbers hold different schemas: resolve these subjects by hand, or leave them out with --on-conflict skip.');
  if (types.has('id-collision')) out.push('Schema ids collide in the target: migrate into another context (--target-context), or use --no-preserve-ids.');
  if (types.has('dangling-reference')) out.push('Some references cannot be resolved: migrate with --with-references, or fix the source.');
  if (types.has('reference-cycle')) out.push('Reference cycles cannot be registered in any order: break the cycle in the source.');
  if (types.has('version-occupied'))
    out.push('Some target versions are soft-deleted or hold the schema under another number: clean them up in the target first.');
  if (plan.warnings.some((w) => w.type === 'soft-deleted-history'))
    out.push(
      'Some target subjects have soft-deleted versions: srx keeps them (IMPORT is entered with force=true, as Confluent otherwise hard-deletes them); their version numbers stay taken.',
    );
  if (summary.compatibilityProblems)
    out.push(
      "Some versions are incompatible with the target subject's compatibility level: they register in IMPORT mode, but producers evolving those subjects later may be refused.",
    );
  if (summary.configDrift)
    out.push(
      'Compatibility or mode differs between source and target: --copy-config copies subject compatibility, --copy-context-config (both default) the level of each context migrated as a whole; modes are not copied.',
    );
  if (!plan.conflicts.length && summary.versionsToRegister)
    out.push(`Ready: \`srx migrate registry ${plan.source.name} ${plan.target.name}\` would register ${summary.versionsToRegister} version(s).`);
  if (!summary.versionsToRegister && !plan.conflicts.length) out.push('Nothing to migrate: the target already holds every version in scope.');
  return out;
}
