import { createHash } from 'node:crypto';
import { DEFAULT_CONTEXT } from '../registry/paths.js';
import type { Snapshot, SnapshotSubject, SnapshotVersion } from '../snapshot/types.js';
import { contentKey, contextMapper, displaySubject, isCrossContext, rewriteReferences, type ContextMapper } from './context-mapping.js';
import { findCycles, topologicalOrder, type OrderNode } from './plan-order.js';
import { selectVersions, versionKey, type SelectedVersion, type Selection } from './select-versions.js';
import { applyConflictPolicy } from './skip-conflicts.js';
import type { MigrationConflict, MigrationPlan, MigrationPolicy, MigrationScope, MigrationWarning, PlanStep, RegistryRef, SubjectPlan } from './types.js';

/** Everything the planner needs: both snapshots (the target read with deleted versions and config). */
export interface PlanMigrationInput {
  readonly source: Snapshot;
  readonly target: Snapshot;
  readonly scope: MigrationScope;
  readonly policy: MigrationPolicy;
}

/** Conflict types that block even with --on-conflict skip. */
export const ALWAYS_BLOCKING = new Set<MigrationConflict['type']>(['dangling-reference', 'reference-cycle']);

class TargetIndex {
  private readonly subjects = new Map<string, SnapshotSubject>();
  private readonly ids = new Map<string, SnapshotVersion[]>();
  readonly contexts = new Map<string, number>();

  constructor(readonly snapshot: Snapshot) {
    for (const ctx of snapshot.contexts) {
      this.contexts.set(ctx.name, ctx.subjects.length);
      for (const s of ctx.subjects) {
        this.subjects.set(`${ctx.name}\u0000${s.name}`, s);
        for (const v of s.versions) {
          const k = `${ctx.name}\u0000${v.id}`;
          const list = this.ids.get(k);
          if (list) list.push(v);
          else this.ids.set(k, [v]);
        }
      }
    }
  }

  subject(context: string, name: string): SnapshotSubject | undefined {
    return this.subjects.get(`${context}\u0000${name}`);
  }

  byId(context: string, id: number): readonly SnapshotVersion[] {
    return this.ids.get(`${context}\u0000${id}`) ?? [];
  }

  /** A context the snapshot proves empty (read with deleted versions): it can enter IMPORT as a whole. */
  isEmptyContext(context: string): boolean {
    if (!this.snapshot.scope.includeDeleted) return false;
    if (this.snapshot.scope.contexts && !this.snapshot.scope.contexts.includes(context)) return false;
    if (this.snapshot.scope.subjects?.length || this.snapshot.scope.exclude?.length) return false;
    return (this.contexts.get(context) ?? 0) === 0;
  }
}

interface Builder {
  readonly policy: MigrationPolicy;
  readonly map: ContextMapper;
  readonly target: TargetIndex;
  readonly steps: Map<string, PlanStep>;
  readonly softDeletes: PlanStep[];
  readonly conflicts: MigrationConflict[];
  readonly warnings: MigrationWarning[];
  /** Requested ids per target context → content key, to catch two different schemas asking for one id. */
  readonly plannedIds: Map<string, () => string>;
  /** Selected source key → step id giving its target placement. */
  readonly placement: Map<string, string>;
  /** Target versions (`ctx\u0000subject\u0000version`) equal to their source version: an earlier migration's work. */
  readonly mirrored: Set<string>;
}

/** Pure; same inputs → same Plan: ordered steps, conflicts, warnings, IMPORT scopes. */
export function planMigration(input: PlanMigrationInput): MigrationPlan {
  const { source, target, scope, policy } = input;
  const selection = selectVersions(source, scope, policy);
  const from = scope.targetContext !== undefined ? (scope.contexts?.[0] ?? DEFAULT_CONTEXT) : undefined;
  const b: Builder = {
    policy, map: contextMapper(from, scope.targetContext), target: new TargetIndex(target),
    steps: new Map(), softDeletes: [], conflicts: [...selection.conflicts], warnings: [...selection.warnings],
    plannedIds: new Map(), placement: new Map(), mirrored: new Set(),
  };
  const nodes = new Map<string, OrderNode>([...selection.selected.values()].map((s) => [s.key, { key: s.key, deps: s.refs }]));
  for (const cycle of findCycles(nodes)) {
    const first = selection.selected.get(cycle[0]!)!;
    b.conflicts.push({
      type: 'reference-cycle', context: first.context, subject: first.subject.name, version: first.version.version,
      message: `reference cycle: ${cycle.map((k) => describe(selection.selected.get(k)!)).join(' → ')}`,
    });
  }
  const order = b.conflicts.some((c) => c.type === 'reference-cycle') ? [...nodes.keys()] : topologicalOrder(nodes, compareKeys);
  const external = new Map<string, Selection['external'][number][]>();
  for (const e of selection.external) external.set(e.from, [...(external.get(e.from) ?? []), e]);
  for (const key of order) planVersion(b, selection.selected.get(key)!, external.get(key) ?? []);
  if (policy.propagateDeletes) planPropagatedDeletes(b, source, scope, selection.selected);
  const compat = policy.copyConfig ? planCompatibility(b, selection.selected) : [];
  const subjects = planImportScopes(b);
  const steps = [...b.steps.values(), ...b.softDeletes, ...compat];
  const { steps: finalSteps, warnings: skipWarnings } = applyConflictPolicy(steps, b.conflicts, policy.onConflict);
  const blocked = b.conflicts.some((c) => ALWAYS_BLOCKING.has(c.type) || policy.onConflict === 'fail');
  const active = new Set(finalSteps.filter((s) => s.action !== 'skip').map((s) => `${s.context}\u0000${s.subject}`));
  const liveSubjects = subjects.filter((s) => active.has(`${s.context}\u0000${s.subject}`));
  const contextModes = [...new Set(liveSubjects.filter((s) => s.importScope === 'context').map((s) => s.context))]
    .sort()
    .map((context) => ({ context, previousMode: target.contexts.find((c) => c.name === context)?.mode ?? null }));
  return {
    kind: 'migration-plan',
    source: { name: source.registry.name, url: source.registry.url },
    target: { name: target.registry.name, url: target.registry.url },
    scope, policy, steps: finalSteps, subjects: liveSubjects, contextModes,
    conflicts: b.conflicts, warnings: [...b.warnings, ...skipWarnings], blocked,
    fingerprints: fingerprints(selection.selected, target, finalSteps),
  };
}

function compareKeys(a: string, b: string): number {
  const [ca, sa, va] = a.split('\u0000');
  const [cb, sb, vb] = b.split('\u0000');
  if (ca !== cb) return ca! < cb! ? -1 : 1;
  if (sa !== sb) return sa! < sb! ? -1 : 1;
  return Number(va) - Number(vb);
}

function describe(s: SelectedVersion): string {
  return `${displaySubject(s.context, s.subject.name)} v${s.version.version}`;
}

function stepId(action: string, context: string, subject: string, version: number | string | null): string {
  return `${action}:${context}:${subject}:${version ?? '-'}`;
}

/** Places one selected source version in the target: register, skip, soft-delete, or a conflict. */
function planVersion(b: Builder, sel: SelectedVersion, external: readonly { context: string; subject: string; version: number }[]): void {
  const sv = sel.version;
  const context = b.map(sel.context);
  const name = sel.subject.name;
  let references = rewriteReferences(sv.references, sel.context, b.map);
  const referenceSteps: (string | null)[] = references.map(() => null);
  sv.references.forEach((ref, i) => {
    if (isCrossContext(ref, sel.context)) b.warnings.push({ type: 'cross-context-reference', context, subject: name, message: `${describe(sel)} references ${ref.subject} in another context (some servers, e.g. AxonOps, refuse cross-context references)` });
    const depKey = sel.refs.find((k) => k === versionKey(...refParts(ref, sel.context)));
    if (!b.policy.preserveIds && depKey) {
      const dep = b.steps.get(b.placement.get(depKey) ?? '');
      if (dep?.action === 'skip' && dep.version !== null) references = references.map((r, j) => (j === i ? { ...r, version: dep.version! } : r));
      else if (dep) referenceSteps[i] = dep.stepId;
    }
  });
  for (const ext of external) checkExternalReference(b, sel, ext);
  // Normalizing is the planner's main cost: only when a comparison needs it, and once per source version.
  const unchangedRefs = references.length === sv.references.length && references.every((r, i) => r.subject === sv.references[i]!.subject && r.version === sv.references[i]!.version && r.name === sv.references[i]!.name);
  let memo: string | undefined;
  const key = () => (memo ??= contentKey(unchangedRefs ? sv : { schemaType: sv.schemaType, schema: sv.schema, references }));
  const existing = b.target.subject(context, name);
  const base = {
    context, subject: name, sourceContext: sel.context, sourceSubject: name, sourceVersion: sv.version, sourceId: sv.id,
    schemaType: sv.schemaType, schema: sv.schema, references, metadata: sv.metadata, ruleSet: sv.ruleSet, deleted: sv.deleted,
    dependsOn: referenceSteps.filter((s): s is string => s !== null).concat(sel.refs.map((k) => b.placement.get(k)).filter((s): s is string => !!s && !referenceSteps.includes(s))),
  };
  const add = (step: PlanStep) => {
    b.steps.set(step.stepId, step);
    b.placement.set(sel.key, step.stepId);
  };
  if (!b.policy.preserveIds) {
    const match = existing?.versions.find((v) => !v.deleted && contentKey(v) === key()) ?? existing?.versions.find((v) => contentKey(v) === key());
    if (match) {
      add({ ...base, stepId: stepId('skip', context, name, sv.version), action: 'skip', version: match.version, targetId: match.id, reason: `already in target as v${match.version} (id ${match.id})` });
      if (sv.deleted && !match.deleted) addSoftDelete(b, base, match.version, match.id, null);
      return;
    }
    const id = stepId('register', context, name, `s${sv.version}`);
    add({ ...base, stepId: id, action: 'register', version: null, targetId: null, referenceSteps, reason: sel.reason });
    if (sv.deleted) addSoftDelete(b, base, null, null, id);
    return;
  }
  const conflict = (type: MigrationConflict['type'], message: string, targetId?: number) => {
    b.conflicts.push({ type, context, subject: name, version: sv.version, sourceId: sv.id, targetId, message: `${displaySubject(context, name)} v${sv.version}: ${message}` });
    add({ ...base, stepId: stepId('skip', context, name, sv.version), action: 'skip', version: sv.version, targetId: targetId ?? null, reason: `conflict: ${message}` });
  };
  const same = existing?.versions.find((v) => v.version === sv.version);
  if (same) {
    if ((same.schemaType ?? 'AVRO') !== (sv.schemaType ?? 'AVRO')) return conflict('schema-type', `target v${same.version} is ${same.schemaType}, source is ${sv.schemaType}`, same.id);
    if (contentKey(same) !== key()) return conflict('content', `target v${same.version} (id ${same.id}) holds a different schema`, same.id);
    if (same.id !== sv.id) return conflict('id-collision', `target v${same.version} holds this schema with id ${same.id}, source id is ${sv.id}`, same.id);
    if (same.deleted && !sv.deleted) return conflict('version-occupied', `target v${same.version} is soft-deleted; srx cannot undelete it`, same.id);
    b.mirrored.add(`${context}\u0000${name}\u0000${sv.version}`);
    add({ ...base, stepId: stepId('skip', context, name, sv.version), action: 'skip', version: sv.version, targetId: same.id, reason: 'already in target' });
    if (sv.deleted && !same.deleted) addSoftDelete(b, base, sv.version, sv.id, null);
    return;
  }
  const elsewhere = existing?.versions.find((v) => contentKey(v) === key());
  if (elsewhere) return conflict('version-occupied', `target already holds this schema as v${elsewhere.version} (id ${elsewhere.id}); importing it as v${sv.version} would not create a version on some servers`, elsewhere.id);
  if (sv.id === 0) return conflict('id-not-preservable', 'source id 0 means "no id" on some servers (AxonOps); use --no-preserve-ids');
  const holders = b.target.byId(context, sv.id).filter((v) => contentKey(v) !== key());
  if (holders.length) return conflict('id-collision', `id ${sv.id} already holds a different schema in target context ${context}`, sv.id);
  const planned = b.plannedIds.get(`${context}\u0000${sv.id}`);
  if (planned !== undefined && planned() !== key()) return conflict('id-collision', `id ${sv.id} is requested by another schema in this migration (target context ${context})`, sv.id);
  if (planned === undefined) b.plannedIds.set(`${context}\u0000${sv.id}`, key);
  add({ ...base, stepId: stepId('register', context, name, sv.version), action: 'register', version: sv.version, targetId: sv.id, reason: sel.reason });
  if (sv.deleted) addSoftDelete(b, base, sv.version, sv.id, stepId('register', context, name, sv.version));
}

function refParts(ref: { subject: string; version: number }, context: string): [string, string, number] {
  const m = /^:(\.[^:]*):(.*)$/s.exec(ref.subject);
  return m ? [m[1]!, m[2]!, ref.version] : [context, ref.subject, ref.version];
}

type StepBase = Omit<PlanStep, 'stepId' | 'action' | 'version' | 'targetId' | 'reason'>;

function addSoftDelete(b: Builder, base: StepBase, version: number | null, targetId: number | null, after: string | null): void {
  const id = stepId('soft-delete', base.context, base.subject, version ?? `s${base.sourceVersion}`);
  b.softDeletes.push({
    ...base, stepId: id, action: 'soft-delete', version, targetId, schema: undefined, references: undefined,
    reason: 'soft-deleted in source', dependsOn: after ? [after] : [],
  });
}

/** A reference left to the target (--no-with-references) must already be there with the same content. */
function checkExternalReference(b: Builder, sel: SelectedVersion, ext: { context: string; subject: string; version: number; referencedVersion?: SnapshotVersion }): void {
  const context = b.map(ext.context);
  const found = b.target.subject(context, ext.subject)?.versions.find((v) => v.version === ext.version);
  if (found && (!ext.referencedVersion || found.id === ext.referencedVersion.id || !b.policy.preserveIds)) return;
  b.conflicts.push({
    type: 'dangling-reference', context: b.map(sel.context), subject: sel.subject.name, version: sel.version.version, sourceId: sel.version.id,
    message: `${describe(sel)} references ${displaySubject(context, ext.subject)} v${ext.version}, which the target ${found ? 'holds with another id' : 'does not have'} (migrate it too: --with-references)`,
  });
}

/** propagateDeletes: soft-delete in the target what the source soft-deleted (same version, same content). */
function planPropagatedDeletes(b: Builder, source: Snapshot, scope: MigrationScope, selected: ReadonlyMap<string, SelectedVersion>): void {
  for (const ctx of source.contexts) {
    if (scope.contexts && !scope.contexts.includes(ctx.name)) continue;
    for (const subject of ctx.subjects) {
      for (const sv of subject.versions) {
        if (!sv.deleted || selected.has(versionKey(ctx.name, subject.name, sv.version))) continue;
        const tctx = b.map(ctx.name);
        const tv = b.target.subject(tctx, subject.name)?.versions.find((v) => v.version === sv.version && !v.deleted);
        if (!tv || tv.id !== sv.id) continue;
        if (scope.subjects || scope.exclude) {
          const inScope = [...selected.values()].some((s) => s.context === ctx.name && s.subject.name === subject.name);
          if (!inScope) continue;
        }
        const base: StepBase = { context: tctx, subject: subject.name, sourceContext: ctx.name, sourceSubject: subject.name, sourceVersion: sv.version, sourceId: sv.id, deleted: true, dependsOn: [] };
        addSoftDelete(b, base, sv.version, sv.id, null);
      }
    }
  }
}

/** Subject compatibility, after the versions: one step per migrated subject whose level differs. */
function planCompatibility(b: Builder, selected: ReadonlyMap<string, SelectedVersion>): PlanStep[] {
  const seen = new Map<string, SelectedVersion>();
  for (const sel of selected.values()) seen.set(`${b.map(sel.context)}\u0000${sel.subject.name}`, sel);
  const steps: PlanStep[] = [];
  for (const sel of seen.values()) {
    const level = sel.subject.compatibility;
    if (!level) continue;
    const context = b.map(sel.context);
    const previous = b.target.subject(context, sel.subject.name)?.compatibility ?? null;
    if (previous?.toUpperCase() === level.toUpperCase()) continue;
    steps.push({
      stepId: stepId('set-compatibility', context, sel.subject.name, null), action: 'set-compatibility', context, subject: sel.subject.name,
      sourceContext: sel.context, sourceSubject: sel.subject.name, version: null, sourceVersion: null, sourceId: null, targetId: null,
      compatibility: level, previousCompatibility: previous, reason: `source subject compatibility ${level}`, dependsOn: [],
    });
  }
  return steps;
}

/** Per target subject: how it enters IMPORT (context if the whole target context is empty), and whether force is needed. */
function planImportScopes(b: Builder): SubjectPlan[] {
  const bySubject = new Map<string, { context: string; subject: string; writes: boolean }>();
  for (const s of [...b.steps.values(), ...b.softDeletes]) {
    const k = `${s.context}\u0000${s.subject}`;
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
      b.warnings.push({ type: 'soft-deleted-history', context, subject, message: `${displaySubject(context, subject)} has soft-deleted versions in the target; entering IMPORT mode hard-deletes them on Confluent` });
    }
    // Live versions that are all copies of source versions (an earlier or interrupted migration, a sync) do not
    // need --force-import: continuing is what re-running a migration promises. Others do.
    const foreign = live.filter((v) => !b.mirrored.has(`${context}\u0000${subject}\u0000${v.version}`));
    if (foreign.length && !b.policy.forceImport) {
      b.conflicts.push({ type: 'import-not-possible', context, subject, message: `${displaySubject(context, subject)} has ${foreign.length} live version(s) in the target that are not in the source: IMPORT mode needs --force-import (or use --no-preserve-ids)` });
    } else if (foreign.length) {
      b.warnings.push({ type: 'force-import', context, subject, message: `${displaySubject(context, subject)} has live versions; IMPORT mode forced (--force-import)` });
    }
    plans.push({ context, subject, importScope: b.target.isEmptyContext(context) ? 'context' : 'subject', force: live.length > 0, previousMode, hasWrites: true, existsInTarget: !!existing?.versions.length });
  }
  return plans.sort((x, y) => (x.context === y.context ? (x.subject < y.subject ? -1 : 1) : x.context < y.context ? -1 : 1));
}

function fingerprints(selected: ReadonlyMap<string, SelectedVersion>, target: Snapshot, steps: readonly PlanStep[]): MigrationPlan['fingerprints'] {
  const src = createHash('sha256');
  for (const key of [...selected.keys()].sort()) {
    const s = selected.get(key)!;
    src.update(`${key}\u0000${s.version.id}\u0000${s.version.deleted}\u0000${s.version.schemaType}\u0000${s.version.schema}\u0000${JSON.stringify(s.version.references)}\n`);
  }
  const touched = new Set(steps.map((s) => `${s.context}\u0000${s.subject}`));
  const tgt = createHash('sha256');
  for (const ctx of target.contexts) {
    for (const s of ctx.subjects) {
      if (!touched.has(`${ctx.name}\u0000${s.name}`)) continue;
      tgt.update(`${ctx.name}\u0000${s.name}\u0000${s.versions.map((v) => `${v.version}/${v.id}/${v.deleted}`).join(',')}\n`);
    }
  }
  return { source: src.digest('hex'), target: tgt.digest('hex') };
}
