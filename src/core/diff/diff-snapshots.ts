import type { Snapshot, SnapshotContext, SnapshotSubject } from '../snapshot/types.js';
import { compareSubject, orderChange, sameSetting, show } from './compare-subject.js';
import { findIdCollisions } from './id-collisions.js';
import type { Change, ComparisonSummary, ContextConfigComparison, ContextPair, DiffOptions, SnapshotDiff, SubjectComparison } from './types.js';
import { keyOf } from '../keys.js';

/** Pure, sync: everything that differs between two snapshots, as typed changes and a per-subject view. */
export function diffSnapshots(source: Snapshot, target: Snapshot, options: DiffOptions = {}): SnapshotDiff {
  const includeConfig = options.includeConfig ?? (source.scope.includeConfig && target.scope.includeConfig);
  const pairs = options.contexts ?? pairByName(source, target);
  const subjects: SubjectComparison[] = [];
  const contexts: ContextConfigComparison[] = [];
  const changes: Change[] = [];
  for (const pair of pairs) {
    const s = contextOf(source, pair.source);
    const t = contextOf(target, pair.target);
    if (includeConfig && s && t) {
      const drift = contextConfigDrift(pair, s, t);
      if (drift) {
        contexts.push(drift.comparison);
        changes.push(...drift.changes.map(orderChange));
      }
    }
    const sourceSubjects = byName(s);
    const targetSubjects = byName(t);
    for (const name of [...new Set([...sourceSubjects.keys(), ...targetSubjects.keys()])].sort()) {
      const result = compareSubject(pair, name, sourceSubjects.get(name), targetSubjects.get(name), includeConfig);
      subjects.push(result.comparison);
      changes.push(...result.changes);
    }
    changes.push(...findIdCollisions(pair, s, t).map(orderChange));
  }
  if (options.ignoreIds) return withIdsIgnored(subjects, contexts, changes);
  return { summary: summarize(subjects, changes), subjects, contexts, changes };
}

const ID_CHANGES = new Set<Change['type']>(['version.id-differs', 'id.collision']);

/** `--ignore-ids`: id changes become info; a subject whose every other change is gone is identical. */
function withIdsIgnored(subjects: readonly SubjectComparison[], contexts: ContextConfigComparison[], changes: readonly Change[]): SnapshotDiff {
  const relaxed = changes.map((c): Change => (ID_CHANGES.has(c.type) ? { ...c, severity: 'info' } : c));
  const key = (c: { context: string; subject?: string }) => keyOf(c.context, c.subject ?? '');
  const stillDiffering = new Set(relaxed.filter((c) => c.severity !== 'info').map(key));
  const relaxedSubjects = subjects.map((s): SubjectComparison => (s.status === 'differs' && !stillDiffering.has(key(s)) ? { ...s, status: 'identical' } : s));
  return { summary: summarize(relaxedSubjects, relaxed), subjects: relaxedSubjects, contexts, changes: relaxed };
}

function pairByName(source: Snapshot, target: Snapshot): ContextPair[] {
  const names = new Set([...source.contexts.map((c) => c.name), ...target.contexts.map((c) => c.name)]);
  return [...names].sort().map((name) => ({ source: name, target: name }));
}

function contextOf(snapshot: Snapshot, name: string): SnapshotContext | undefined {
  return snapshot.contexts.find((c) => c.name === name);
}

function byName(context: SnapshotContext | undefined): Map<string, SnapshotSubject> {
  return new Map((context?.subjects ?? []).map((subject) => [subject.name, subject]));
}

function contextConfigDrift(pair: ContextPair, s: SnapshotContext, t: SnapshotContext): { comparison: ContextConfigComparison; changes: Change[] } | null {
  const where = { context: pair.source, ...(pair.target !== pair.source ? { targetContext: pair.target } : {}) };
  const changes: Change[] = [];
  const known = (a: string | null, b: string | null) => a !== null && b !== null && !sameSetting(a, b);
  if (known(s.compatibility, t.compatibility)) {
    changes.push({
      ...where,
      type: 'context.compatibility-differs',
      severity: 'difference',
      source: s.compatibility,
      target: t.compatibility,
      message: `context ${pair.source}: compatibility ${show(s.compatibility)} in source, ${show(t.compatibility)} in target`,
    });
  }
  if (known(s.mode, t.mode)) {
    changes.push({
      ...where,
      type: 'context.mode-differs',
      severity: 'difference',
      source: s.mode,
      target: t.mode,
      message: `context ${pair.source}: mode ${show(s.mode)} in source, ${show(t.mode)} in target`,
    });
  }
  if (changes.length === 0) return null;
  return { comparison: { ...where, compatibility: { source: s.compatibility, target: t.compatibility }, mode: { source: s.mode, target: t.mode } }, changes };
}

function summarize(subjects: readonly SubjectComparison[], changes: readonly Change[]): ComparisonSummary {
  const count = (status: SubjectComparison['status']) => subjects.filter((s) => s.status === status).length;
  const countChanges = (predicate: (c: Change) => boolean) => changes.filter(predicate).length;
  return {
    subjectsOnlyInSource: count('only-in-source'),
    subjectsOnlyInTarget: count('only-in-target'),
    subjectsInBoth: count('identical') + count('differs'),
    identicalSubjects: count('identical'),
    differingSubjects: count('differs'),
    versionsMissingInTarget: countChanges((c) => c.type === 'version.missing-in-target'),
    versionsMissingInSource: countChanges((c) => c.type === 'version.missing-in-source'),
    conflicts: countChanges((c) => c.severity === 'conflict'),
    configDifferences: countChanges((c) => c.type.endsWith('compatibility-differs') || c.type.endsWith('mode-differs')),
  };
}
