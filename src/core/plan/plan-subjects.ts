import { createHash } from 'node:crypto';
import type { Snapshot } from '../snapshot/types.js';
import { contentKey, displaySubject, rewriteReferences } from './context-mapping.js';
import { addSoftDelete, stepId, type Builder, type StepBase } from './plan-builder.js';
import { versionKey, type SelectedVersion } from './select-versions.js';
import type { MigrationPlan, MigrationScope, PlanStep, SubjectPlan } from './types.js';
import { DEFAULT_CONTEXT } from '../registry/paths.js';
import { keyOf } from '../keys.js';

/** propagateDeletes: soft-delete in the target what the source soft-deleted (same version, same content). */
export function planPropagatedDeletes(b: Builder, source: Snapshot, scope: MigrationScope, selected: ReadonlyMap<string, SelectedVersion>): void {
  for (const ctx of source.contexts) {
    if (scope.contexts && !scope.contexts.includes(ctx.name)) continue;
    for (const subject of ctx.subjects) {
      for (const sv of subject.versions) {
        if (!sv.deleted || selected.has(versionKey(ctx.name, subject.name, sv.version))) continue;
        const tctx = b.map(ctx.name);
        const tv = b.target.subject(tctx, subject.name)?.versions.find((v) => v.version === sv.version && !v.deleted);
        // Same version number and id is not enough: only the same content (references mapped) is the same version.
        if (
          !tv ||
          tv.id !== sv.id ||
          contentKey(tv) !== contentKey({ schemaType: sv.schemaType, schema: sv.schema, references: rewriteReferences(sv.references, ctx.name, b.map) })
        )
          continue;
        if (scope.subjects || scope.exclude) {
          const inScope = [...selected.values()].some((s) => s.context === ctx.name && s.subject.name === subject.name);
          if (!inScope) continue;
        }
        const base: StepBase = {
          context: tctx,
          subject: subject.name,
          sourceContext: ctx.name,
          sourceSubject: subject.name,
          sourceVersion: sv.version,
          sourceId: sv.id,
          deleted: true,
          dependsOn: [],
        };
        addSoftDelete(b, base, sv.version, sv.id, null);
      }
    }
  }
}

/**
 * The compatibility level of every context migrated as a whole (no --subjects/--exclude), after everything else:
 * one step per context whose level differs in the target, so that `srx compare` is clean afterwards. For `.` that
 * is the registry's global level (`PUT /config`). The level a server answers for a context is the one every subject
 * without its own level gets, whether it was set or is the server's default (no server tells these apart), so
 * copying it keeps the source's behaviour; a context whose level the source does not answer is left alone.
 */
export function planContextCompatibility(b: Builder, source: Snapshot, target: Snapshot, scope: MigrationScope): PlanStep[] {
  if (!b.policy.copyContextConfig || scope.subjects?.length || scope.exclude?.length) return [];
  const steps: PlanStep[] = [];
  for (const ctx of source.contexts) {
    if (scope.contexts && !scope.contexts.includes(ctx.name)) continue;
    const level = ctx.compatibility;
    const context = b.map(ctx.name);
    const tctx = target.contexts.find((c) => c.name === context);
    if (!level || (!tctx && ctx.subjects.length === 0)) continue;
    const previous = tctx?.compatibility ?? null;
    if (previous?.toUpperCase() === level.toUpperCase()) continue;
    steps.push({
      stepId: stepId('set-compatibility', context, '', null),
      action: 'set-compatibility',
      context,
      subject: '',
      sourceContext: ctx.name,
      sourceSubject: '',
      version: null,
      sourceVersion: null,
      sourceId: null,
      targetId: null,
      compatibility: level,
      previousCompatibility: previous,
      reason:
        context === DEFAULT_CONTEXT
          ? `registry compatibility ${level} (the source's global level)`
          : `context ${context} compatibility ${level} (the source's)`,
      dependsOn: [],
    });
  }
  return steps;
}

/** Subject compatibility, after the versions: one step per migrated subject whose level differs. */
export function planCompatibility(b: Builder, selected: ReadonlyMap<string, SelectedVersion>): PlanStep[] {
  const seen = new Map<string, SelectedVersion>();
  for (const sel of selected.values()) seen.set(keyOf(b.map(sel.context), sel.subject.name), sel);
  const steps: PlanStep[] = [];
  for (const sel of seen.values()) {
    const level = sel.subject.compatibility;
    if (!level) continue;
    const context = b.map(sel.context);
    const previous = b.target.subject(context, sel.subject.name)?.compatibility ?? null;
    if (previous?.toUpperCase() === level.toUpperCase()) continue;
    steps.push({
      stepId: stepId('set-compatibility', context, sel.subject.name, null),
      action: 'set-compatibility',
      context,
      subject: sel.subject.name,
      sourceContext: sel.context,
      sourceSubject: sel.subject.name,
      version: null,
      sourceVersion: null,
      sourceId: null,
      targetId: null,
      compatibility: level,
      previousCompatibility: previous,
      reason: `source subject compatibility ${level}`,
      dependsOn: [],
    });
  }
  return steps;
}

/**
 * --no-preserve-ids: the target checks compatibility on every registration, so a history the source
 * accepted (say under NONE) could be refused by the target's default level. Per written subject whose
 * target level is not NONE already: compatibility NONE before its first version, and after the last the
 * source's level (with --copy-config) or the target's own again (removed when it had none).
 * Returns the steps to run before the versions and the final steps (which replace `compat`).
 */
export function planCompatibilityAroundWrites(
  b: Builder,
  selected: ReadonlyMap<string, SelectedVersion>,
  compat: readonly PlanStep[],
): { before: PlanStep[]; after: PlanStep[] } {
  if (b.policy.preserveIds) return { before: [], after: [...compat] };
  const sourceLevel = new Map<string, string | null>();
  for (const sel of selected.values()) sourceLevel.set(keyOf(b.map(sel.context), sel.subject.name), sel.subject.compatibility);
  const written = new Map<string, PlanStep>();
  for (const step of b.steps.values())
    if (step.action === 'register' && !written.has(keyOf(step.context, step.subject))) written.set(keyOf(step.context, step.subject), step);
  const before: PlanStep[] = [];
  const after = new Map(compat.map((step) => [keyOf(step.context, step.subject), step]));
  for (const [key, first] of written) {
    const previous = b.target.subject(first.context, first.subject)?.compatibility ?? null;
    if (previous?.toUpperCase() === 'NONE') continue;
    const common = {
      context: first.context,
      subject: first.subject,
      sourceContext: first.sourceContext,
      sourceSubject: first.sourceSubject,
      version: null,
      sourceVersion: null,
      sourceId: null,
      targetId: null,
      dependsOn: [],
    };
    before.push({
      ...common,
      stepId: stepId('set-compatibility', first.context, first.subject, 'before'),
      action: 'set-compatibility',
      beforeVersions: true,
      compatibility: 'NONE',
      previousCompatibility: previous,
      reason: 'compatibility NONE while the source history is written (the target checks every registration)',
    });
    if (after.has(key)) continue;
    const level = (b.policy.copyConfig ? sourceLevel.get(key) : null) ?? previous;
    after.set(key, {
      ...common,
      stepId: stepId('set-compatibility', first.context, first.subject, null),
      action: 'set-compatibility',
      ...(level ? { compatibility: level } : {}),
      previousCompatibility: previous,
      reason: level ? `compatibility back to ${level} after the versions` : 'subject compatibility removed again after the versions (it had none)',
    });
  }
  return { before, after: [...after.values()] };
}

/** Per target subject: how it enters IMPORT (context if the whole target context is empty), and whether force is needed. */
export function planImportScopes(b: Builder): SubjectPlan[] {
  const bySubject = new Map<string, { context: string; subject: string; writes: boolean }>();
  for (const s of [...b.steps.values(), ...b.softDeletes]) {
    const k = keyOf(s.context, s.subject);
    const entry = bySubject.get(k) ?? { context: s.context, subject: s.subject, writes: false };
    if (s.action === 'register') entry.writes = true;
    bySubject.set(k, entry);
  }
  const plans: SubjectPlan[] = [];
  for (const { context, subject, writes } of bySubject.values()) {
    const existing = b.target.subject(context, subject);
    const live = existing?.versions.filter((v) => !v.deleted) ?? [];
    const previousMode = existing?.mode ?? null;
    if (!b.policy.preserveIds || !writes) {
      plans.push({ context, subject, importScope: 'none', force: false, previousMode, hasWrites: writes, existsInTarget: !!existing?.versions.length });
      continue;
    }
    if (existing?.versions.some((v) => v.deleted)) {
      b.warnings.push({
        type: 'soft-deleted-history',
        context,
        subject,
        message: `${displaySubject(context, subject)} has soft-deleted versions in the target: srx keeps them (it enters IMPORT with force=true; without it Confluent hard-deletes them), and their version numbers stay taken`,
      });
    }
    // Live versions that are all copies of source versions (an earlier or interrupted migration, a sync) do not
    // need --force-import: continuing is what re-running a migration promises. Others do.
    const foreign = live.filter((v) => !b.mirrored.has(keyOf(context, subject, v.version)));
    if (foreign.length && !b.policy.forceImport) {
      b.conflicts.push({
        type: 'import-not-possible',
        context,
        subject,
        message: `${displaySubject(context, subject)} has ${foreign.length} live version(s) in the target that are not in the source: IMPORT mode needs --force-import (or use --no-preserve-ids)`,
      });
    } else if (foreign.length) {
      b.warnings.push({
        type: 'force-import',
        context,
        subject,
        message: `${displaySubject(context, subject)} has live versions; IMPORT mode forced (--force-import)`,
      });
    }
    plans.push({
      context,
      subject,
      importScope: b.target.isEmptyContext(context) ? 'context' : 'subject',
      force: live.length > 0,
      previousMode,
      hasWrites: true,
      existsInTarget: !!existing?.versions.length,
    });
  }
  return plans.sort((x, y) => (x.context === y.context ? (x.subject < y.subject ? -1 : 1) : x.context < y.context ? -1 : 1));
}

/** Hashes of the source versions in scope and of the touched target subjects: `migrate apply` refuses a stale plan. */
export function fingerprints(selected: ReadonlyMap<string, SelectedVersion>, target: Snapshot, steps: readonly PlanStep[]): MigrationPlan['fingerprints'] {
  const src = createHash('sha256');
  for (const key of [...selected.keys()].sort()) {
    const s = selected.get(key)!;
    src.update(
      `${key}\u0000${s.version.id}\u0000${s.version.deleted}\u0000${s.version.schemaType}\u0000${s.version.schema}\u0000${JSON.stringify(s.version.references)}\n`,
    );
  }
  const touched = new Set(steps.map((s) => keyOf(s.context, s.subject)));
  const tgt = createHash('sha256');
  for (const ctx of target.contexts) {
    for (const s of ctx.subjects) {
      if (!touched.has(keyOf(ctx.name, s.name))) continue;
      tgt.update(`${ctx.name}\u0000${s.name}\u0000${s.versions.map((v) => `${v.version}/${v.id}/${v.deleted}`).join(',')}\n`);
    }
  }
  return { source: src.digest('hex'), target: tgt.digest('hex') };
}
