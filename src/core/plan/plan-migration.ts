import { versionFingerprint, type IdentityInput } from '../normalize/index.js';
import { DEFAULT_CONTEXT } from '../registry/paths.js';
import type { Snapshot, SnapshotVersion } from '../snapshot/types.js';
import { contentKey, contextMapper, displaySubject, isCrossContext, rewriteReferences } from './context-mapping.js';
import { addSoftDelete, describe, makeStep, stepId, TargetIndex, type Builder } from './plan-builder.js';
import { findCycles, topologicalOrder, type OrderNode } from './plan-order.js';
import {
  fingerprints,
  planCompatibility,
  planContextCompatibility,
  planCompatibilityAroundWrites,
  planImportScopes,
  planPropagatedDeletes,
} from './plan-subjects.js';
import { selectVersions, versionKey, type SelectedVersion, type Selection } from './select-versions.js';
import { applyConflictPolicy } from './skip-conflicts.js';
import type { MigrationConflict, MigrationPlan, MigrationPolicy, MigrationScope, PlanStep } from './types.js';
import { keyOf, partsOf } from '../keys.js';

/** Everything the planner needs: both snapshots (the target read with deleted versions and config). */
export interface PlanMigrationInput {
  readonly source: Snapshot;
  readonly target: Snapshot;
  readonly scope: MigrationScope;
  readonly policy: MigrationPolicy;
  /** The target keeps an explicit id 0 in IMPORT (Confluent does; AxonOps reads 0 as "no id"). Default false. */
  readonly targetAcceptsIdZero?: boolean;
}

/** Conflict types that block even with --on-conflict skip. */
export const ALWAYS_BLOCKING = new Set<MigrationConflict['type']>(['dangling-reference', 'reference-cycle']);

/** Pure; same inputs → same Plan: ordered steps, conflicts, warnings, IMPORT scopes. */
export function planMigration(input: PlanMigrationInput): MigrationPlan {
  const { source, target, scope, policy } = input;
  const selection = selectVersions(source, scope, policy);
  const b = builderFor(input, selection);
  const nodes = new Map<string, OrderNode>([...selection.selected.values()].map((s) => [s.key, { key: s.key, deps: s.refs }]));
  for (const cycle of findCycles(nodes)) {
    const first = selection.selected.get(cycle[0]!)!;
    b.conflicts.push({
      type: 'reference-cycle',
      context: first.context,
      subject: first.subject.name,
      version: first.version.version,
      message: `reference cycle: ${cycle.map((k) => describe(selection.selected.get(k)!)).join(' → ')}`,
    });
  }
  const order = b.conflicts.some((c) => c.type === 'reference-cycle') ? [...nodes.keys()] : topologicalOrder(nodes, compareKeys);
  const external = new Map<string, Selection['external'][number][]>();
  for (const e of selection.external) external.set(e.from, [...(external.get(e.from) ?? []), e]);
  for (const key of order) planVersion(b, selection.selected.get(key)!, external.get(key) ?? []);
  if (policy.propagateDeletes) planPropagatedDeletes(b, source, scope, selection.selected);
  const around = planCompatibilityAroundWrites(b, selection.selected, policy.copyConfig ? planCompatibility(b, selection.selected) : []);
  warnInheritedContracts(b);
  const subjects = planImportScopes(b);
  const steps = [...around.before, ...b.steps.values(), ...b.softDeletes, ...around.after, ...planContextCompatibility(b, source, target, scope)];
  b.conflicts.push(...readonlyConflicts(steps, target));
  const { steps: finalSteps, warnings: skipWarnings } = applyConflictPolicy(steps, b.conflicts, policy.onConflict);
  const blocked = b.conflicts.some((c) => ALWAYS_BLOCKING.has(c.type) || policy.onConflict === 'fail');
  const active = new Set(finalSteps.filter((s) => s.action !== 'skip').map((s) => keyOf(s.context, s.subject)));
  const liveSubjects = subjects.filter((s) => active.has(keyOf(s.context, s.subject)));
  const contextModes = [...new Set(liveSubjects.filter((s) => s.importScope === 'context').map((s) => s.context))]
    .sort()
    .map((context) => ({ context, previousMode: target.contexts.find((c) => c.name === context)?.mode ?? null }));
  return {
    kind: 'migration-plan',
    source: { name: source.registry.name, url: source.registry.url },
    target: { name: target.registry.name, url: target.registry.url },
    scope,
    policy,
    steps: finalSteps,
    subjects: liveSubjects,
    contextModes,
    conflicts: b.conflicts,
    warnings: [...b.warnings, ...skipWarnings],
    blocked,
    fingerprints: fingerprints(selection.selected, target, finalSteps),
  };
}

/**
 * Pure: the subject compatibility steps planMigration adds for `input`, in its order. For a plan made before the
 * source's subject levels were read (they are read while a run writes the versions): with ids kept, and every
 * subject new to the target, these steps are all the levels change in the plan.
 */
export function subjectCompatibilitySteps(input: PlanMigrationInput): PlanStep[] {
  if (!input.policy.copyConfig) return [];
  const selection = selectVersions(input.source, input.scope, input.policy);
  return planCompatibility(builderFor(input, selection), selection.selected);
}

function builderFor(input: PlanMigrationInput, selection: Selection): Builder {
  const { target, scope, policy } = input;
  const from = scope.targetContext !== undefined ? (scope.contexts?.[0] ?? DEFAULT_CONTEXT) : undefined;
  return {
    policy,
    map: contextMapper(from, scope.targetContext),
    target: new TargetIndex(target),
    steps: new Map(),
    softDeletes: [],
    conflicts: [...selection.conflicts],
    warnings: [...selection.warnings],
    plannedIds: new Map(),
    placement: new Map(),
    mirrored: new Set(),
    idZero: Boolean(input.targetAcceptsIdZero) || target.contexts.some((c) => c.subjects.some((s) => s.versions.some((v) => v.id === 0))),
  };
}

const READONLY_MODES = new Set(['READONLY', 'READONLY_OVERRIDE']);

/**
 * Pure: a conflict for every target subject the plan writes to whose effective mode (subject, else its
 * context, else the registry's) is READONLY or READONLY_OVERRIDE. srx never overrides such a mode.
 */
export function readonlyConflicts(steps: readonly PlanStep[], target: Snapshot): MigrationConflict[] {
  const written = new Map<string, PlanStep>();
  for (const s of steps) if (s.action !== 'skip' && !written.has(keyOf(s.context, s.subject))) written.set(keyOf(s.context, s.subject), s);
  const global = target.contexts.find((c) => c.name === DEFAULT_CONTEXT)?.mode ?? null;
  const contexts = new Map(target.contexts.map((c) => [c.name, c]));
  // Subject modes by key, built once (a lookup per written subject in a target of 10,000 was quadratic).
  const subjectModes = new Map<string, string>();
  for (const c of target.contexts) for (const s of c.subjects) if (s.mode) subjectModes.set(keyOf(c.name, s.name), s.mode);
  const conflicts: MigrationConflict[] = [];
  for (const step of written.values()) {
    const context = contexts.get(step.context);
    const subjectMode = subjectModes.get(keyOf(step.context, step.subject)) ?? null;
    const [mode, level] = subjectMode
      ? [subjectMode, 'subject']
      : context?.mode
        ? [context.mode, step.context === DEFAULT_CONTEXT ? 'registry' : 'context']
        : [global, 'registry'];
    if (!mode || !READONLY_MODES.has(mode.toUpperCase())) continue;
    conflicts.push({
      type: 'target-readonly',
      context: step.context,
      subject: step.subject,
      message: `${displaySubject(step.context, step.subject)} is ${mode.toUpperCase()} in the target (${level} mode): nothing can be written there`,
    });
  }
  return conflicts;
}

function compareKeys(a: string, b: string): number {
  const [ca, sa, va] = partsOf(a);
  const [cb, sb, vb] = partsOf(b);
  if (ca !== cb) return ca! < cb! ? -1 : 1;
  if (sa !== sb) return sa! < sb! ? -1 : 1;
  return Number(va) - Number(vb);
}

/** Places one selected source version in the target: register, skip, soft-delete, or a conflict. */
function planVersion(b: Builder, sel: SelectedVersion, external: readonly { context: string; subject: string; version: number }[]): void {
  const sv = sel.version;
  const context = b.map(sel.context);
  const name = sel.subject.name;
  let references = rewriteReferences(sv.references, sel.context, b.map);
  const referenceSteps: (string | null)[] = references.map(() => null);
  sv.references.forEach((ref, i) => {
    if (isCrossContext(ref, sel.context))
      b.warnings.push({
        type: 'cross-context-reference',
        context,
        subject: name,
        message: `${describe(sel)} references ${ref.subject} in another context (some servers, e.g. AxonOps, refuse cross-context references)`,
      });
    const depKey = sel.refs.find((k) => k === versionKey(...refParts(ref, sel.context)));
    if (!b.policy.preserveIds && depKey) {
      const dep = b.steps.get(b.placement.get(depKey) ?? '');
      if (dep?.action === 'skip' && dep.version !== null) references = references.map((r, j) => (j === i ? { ...r, version: dep.version! } : r));
      else if (dep) referenceSteps[i] = dep.stepId;
    }
  });
  for (const ext of external) checkExternalReference(b, sel, ext);
  // Normalizing is the planner's main cost: only when a comparison needs it, and once per source version.
  const unchangedRefs =
    references.length === sv.references.length &&
    references.every((r, i) => r.subject === sv.references[i]!.subject && r.version === sv.references[i]!.version && r.name === sv.references[i]!.name);
  let memo: string | undefined;
  const key = () =>
    (memo ??= contentKey(unchangedRefs ? sv : { schemaType: sv.schemaType, schema: sv.schema, references, metadata: sv.metadata, ruleSet: sv.ruleSet }));
  const existing = b.target.subject(context, name);
  const base = {
    context,
    subject: name,
    sourceContext: sel.context,
    sourceSubject: name,
    sourceVersion: sv.version,
    sourceId: sv.id,
    schemaType: sv.schemaType,
    schema: sv.schema,
    references,
    metadata: sv.metadata,
    ruleSet: sv.ruleSet,
    deleted: sv.deleted,
    dependsOn: referenceSteps
      .filter((s): s is string => s !== null)
      .concat(sel.refs.map((k) => b.placement.get(k)).filter((s): s is string => !!s && !referenceSteps.includes(s))),
  };
  const add = (step: PlanStep) => {
    b.steps.set(step.stepId, step);
    b.placement.set(sel.key, step.stepId);
  };
  if (!b.policy.preserveIds) {
    const match = existing?.versions.find((v) => !v.deleted && contentKey(v) === key()) ?? existing?.versions.find((v) => contentKey(v) === key());
    if (match) {
      add({
        ...base,
        stepId: stepId('skip', context, name, sv.version),
        action: 'skip',
        version: match.version,
        targetId: match.id,
        reason: `already in target as v${match.version} (id ${match.id})`,
      });
      if (sv.deleted && !match.deleted) addSoftDelete(b, base, match.version, match.id, null);
      return;
    }
    const id = stepId('register', context, name, `s${sv.version}`);
    add({ ...base, stepId: id, action: 'register', version: null, targetId: null, referenceSteps, reason: sel.reason });
    if (sv.deleted) addSoftDelete(b, base, null, null, id);
    return;
  }
  const conflict = (type: MigrationConflict['type'], message: string, targetId?: number) => {
    b.conflicts.push({
      type,
      context,
      subject: name,
      version: sv.version,
      sourceId: sv.id,
      targetId,
      message: `${displaySubject(context, name)} v${sv.version}: ${message}`,
    });
    add(
      makeStep(base, {
        stepId: stepId('skip', context, name, sv.version),
        action: 'skip',
        version: sv.version,
        targetId: targetId ?? null,
        reason: `conflict: ${message}`,
      }),
    );
  };
  const same = existing?.versions.find((v) => v.version === sv.version);
  if (same) {
    if ((same.schemaType ?? 'AVRO') !== (sv.schemaType ?? 'AVRO'))
      return conflict('schema-type', `target v${same.version} is ${same.schemaType}, source is ${sv.schemaType}`, same.id);
    if (contentKey(same) !== key()) return conflict('content', `target v${same.version} (id ${same.id}) holds ${differentIdentity(same, base)}`, same.id);
    if (same.id !== sv.id) return conflict('id-collision', `target v${same.version} holds this schema with id ${same.id}, source id is ${sv.id}`, same.id);
    if (same.deleted && !sv.deleted) return conflict('version-occupied', `target v${same.version} is soft-deleted; srx cannot undelete it`, same.id);
    b.mirrored.add(keyOf(context, name, sv.version));
    add(
      makeStep(base, {
        stepId: stepId('skip', context, name, sv.version),
        action: 'skip',
        version: sv.version,
        targetId: same.id,
        reason: 'already in target',
      }),
    );
    if (sv.deleted && !same.deleted) addSoftDelete(b, base, sv.version, sv.id, null);
    return;
  }
  const elsewhere = existing?.versions.find((v) => contentKey(v) === key());
  if (elsewhere)
    return conflict(
      'version-occupied',
      `target already holds this schema as v${elsewhere.version} (id ${elsewhere.id}); importing it as v${sv.version} would not create a version on some servers`,
      elsewhere.id,
    );
  if (sv.id === 0 && !b.idZero) return conflict('id-not-preservable', 'source id 0 means "no id" on this target (as on AxonOps); use --no-preserve-ids');
  const holders = b.target.byId(context, sv.id).filter((v) => contentKey(v) !== key());
  if (holders.length) return conflict('id-collision', `id ${sv.id} already holds a different schema in target context ${context}`, sv.id);
  const planned = b.plannedIds.get(keyOf(context, sv.id));
  if (planned !== undefined && planned() !== key())
    return conflict('id-collision', `id ${sv.id} is requested by another schema in this migration (target context ${context})`, sv.id);
  if (planned === undefined) b.plannedIds.set(keyOf(context, sv.id), key);
  if (hasDataContract(sv)) {
    b.warnings.push({
      type: 'data-contract',
      context,
      subject: name,
      message: `${describe(sel)} carries metadata or rules; some targets (AxonOps) drop them in IMPORT mode: check the target after the migration`,
    });
  }
  add(makeStep(base, { stepId: stepId('register', context, name, sv.version), action: 'register', version: sv.version, targetId: sv.id, reason: sel.reason }));
  if (sv.deleted) addSoftDelete(b, base, sv.version, sv.id, stepId('register', context, name, sv.version));
}

/**
 * --no-preserve-ids writes outside IMPORT, where Confluent gives a version registered without metadata or
 * rules those of the subject's previous version: warn once per subject where that can happen.
 */
function warnInheritedContracts(b: Builder): void {
  if (b.policy.preserveIds) return;
  const bySubject = new Map<string, PlanStep[]>();
  for (const step of b.steps.values()) {
    if (step.action !== 'register') continue;
    const key = keyOf(step.context, step.subject);
    bySubject.set(key, [...(bySubject.get(key) ?? []), step]);
  }
  for (const steps of bySubject.values()) {
    const { context, subject } = steps[0]!;
    const latest = b.target
      .subject(context, subject)
      ?.versions.filter((v) => !v.deleted)
      .at(-1);
    let contract = latest !== undefined && hasDataContract(latest);
    for (const step of [...steps].sort((x, y) => (x.sourceVersion ?? 0) - (y.sourceVersion ?? 0))) {
      const own = hasDataContract(step);
      if (contract && !own) {
        b.warnings.push({
          type: 'data-contract',
          context,
          subject,
          message: `${displaySubject(context, subject)} v${step.sourceVersion} has no metadata or rules but is written after a version that has: on Confluent (outside IMPORT) it inherits the previous version's metadata/rules`,
        });
        break;
      }
      contract = contract || own;
    }
  }
}

/** Why two versions are not the same version: schema, JSON key order, or data contract (metadata/rules). */
function differentIdentity(target: SnapshotVersion, source: IdentityInput): string {
  if (versionFingerprint(target) !== versionFingerprint(source)) return 'a different schema';
  if (versionFingerprint(target, { keepJsonKeyOrder: true }) !== versionFingerprint(source, { keepJsonKeyOrder: true })) {
    return 'the same schema with keys in another order (a different version on Confluent)';
  }
  return 'the same schema with different metadata or rules (a different version on Confluent)';
}

function refParts(ref: { subject: string; version: number }, context: string): [string, string, number] {
  const m = /^:(\.[^:]*):(.*)$/s.exec(ref.subject);
  return m ? [m[1]!, m[2]!, ref.version] : [context, ref.subject, ref.version];
}

/** A reference left to the target (--no-with-references) must already be there with the same content. */
function checkExternalReference(
  b: Builder,
  sel: SelectedVersion,
  ext: { context: string; subject: string; version: number; referencedVersion?: SnapshotVersion },
): void {
  const context = b.map(ext.context);
  const found = b.target.subject(context, ext.subject)?.versions.find((v) => v.version === ext.version);
  if (found && (!ext.referencedVersion || found.id === ext.referencedVersion.id || !b.policy.preserveIds)) return;
  b.conflicts.push({
    type: 'dangling-reference',
    context: b.map(sel.context),
    subject: sel.subject.name,
    version: sel.version.version,
    sourceId: sel.version.id,
    message: `${describe(sel)} references ${displaySubject(context, ext.subject)} v${ext.version}, which the target ${found ? 'holds with another id' : 'does not have'} (migrate it too: --with-references)`,
  });
}

/** Metadata or a rule set beyond AxonOps' own `confluent:version` property. */
function hasDataContract(v: { readonly metadata?: unknown; readonly ruleSet?: unknown }): boolean {
  const rules = v.ruleSet as { domainRules?: unknown[]; migrationRules?: unknown[] } | null | undefined;
  if (rules && ((rules.domainRules?.length ?? 0) > 0 || (rules.migrationRules?.length ?? 0) > 0)) return true;
  const meta = v.metadata as { properties?: Record<string, unknown>; tags?: Record<string, unknown>; sensitive?: unknown[] } | null | undefined;
  if (!meta) return false;
  const properties = Object.keys(meta.properties ?? {}).filter((k) => k !== 'confluent:version');
  return properties.length > 0 || Object.keys(meta.tags ?? {}).length > 0 || (meta.sensitive?.length ?? 0) > 0;
}
