import { effectiveLevel, judgeMissingVersions } from '../compat/judge-missing-versions.js';
import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { ContextPair, SnapshotDiff } from '../diff/types.js';
import { normalizeContext, qualifySubject } from '../registry/paths.js';
import { assertScopeMatches, emptyScopeMessage, EmptyScopeError } from '../snapshot/check-scope.js';
import { readSourceSnapshot, type SnapshotSource } from './read-source.js';
import type { Snapshot } from '../snapshot/types.js';
import type { CompareOptions, CompareScope, MissingSchemasResult, RegistryComparisonResult, SubjectNamesResult } from './compare-types.js';
import { keyOf } from '../keys.js';

export type * from './compare-types.js';

/** Both snapshots (read concurrently), their diff, and what was compared. */
export interface ComparedSnapshots {
  readonly source: Snapshot;
  readonly target: Snapshot;
  readonly diff: SnapshotDiff;
  readonly scope: CompareScope;
  readonly pairs?: readonly ContextPair[];
}

/** Reads both sides with the same scope (contexts paired when `context` is given) and diffs them. */
export async function readAndDiff(source: SnapshotSource, target: SnapshotSource, options: CompareOptions): Promise<ComparedSnapshots> {
  const includeConfig = options.includeConfig !== false;
  const includeDeleted = Boolean(options.includeDeleted);
  const pairs = contextPairs(options);
  const common = {
    subjects: options.subjects,
    exclude: options.exclude,
    includeDeleted,
    includeConfig,
    concurrency: options.concurrency,
    progress: options.progress,
  };
  const [sourceSnapshot, targetSnapshot] = await Promise.all([
    readSourceSnapshot(source, { ...common, contexts: pairs?.map((p) => p.source) }),
    readSourceSnapshot(target, { ...common, contexts: pairs?.map((p) => p.target) }),
  ]);
  checkScope(sourceSnapshot, targetSnapshot, pairs, options);
  const compareConfig = includeConfig && sourceSnapshot.scope.includeConfig && targetSnapshot.scope.includeConfig;
  for (const snapshot of [sourceSnapshot, targetSnapshot]) {
    // An export carries only what it was made with; comparing what one side lacks would report noise.
    if (includeConfig && !snapshot.scope.includeConfig)
      options.progress?.warn(`${snapshot.registry.name} has no subject config: compatibility and mode not compared`);
    if (includeDeleted && !snapshot.scope.includeDeleted)
      options.progress?.warn(`${snapshot.registry.name} has no soft-deleted versions (not exported with --include-deleted)`);
  }
  const diff = diffSnapshots(sourceSnapshot, targetSnapshot, { contexts: pairs, includeConfig: compareConfig, ignoreIds: options.ignoreIds });
  const scope: CompareScope = {
    contexts: pairs ?? 'all',
    ...(options.subjects?.length ? { subjects: options.subjects } : {}),
    ...(options.exclude?.length ? { exclude: options.exclude } : {}),
    includeDeleted,
    includeConfig: compareConfig,
  };
  return { source: sourceSnapshot, target: targetSnapshot, diff, scope, pairs };
}

/** A context or subject glob that selects nothing on either side is an EmptyScopeError (unless allowEmpty). */
function checkScope(source: Snapshot, target: Snapshot, pairs: readonly ContextPair[] | undefined, options: CompareOptions): void {
  if (options.allowEmpty) return;
  for (const pair of pairs ?? []) {
    if (emptyScopeMessage([source], { contexts: [pair.source] }) && emptyScopeMessage([target], { contexts: [pair.target] })) {
      const contexts = pair.source === pair.target ? pair.source : `${pair.source} (target ${pair.target})`;
      throw new EmptyScopeError(`context ${contexts} has no subjects in ${source.registry.name} or ${target.registry.name}`);
    }
  }
  assertScopeMatches([source, target], { subjects: options.subjects, exclude: options.exclude });
}

/** `--context`/`--target-context` as a context pair; undefined means every context, paired by name. */
export function contextPairs(options: Pick<CompareOptions, 'context' | 'targetContext'>): ContextPair[] | undefined {
  if (options.context === undefined && options.targetContext === undefined) return undefined;
  const source = normalizeContext(options.context ?? options.targetContext!);
  return [{ source, target: normalizeContext(options.targetContext ?? source) }];
}

/** `compare registries` / `compare contexts`: every difference between two registries. */
export async function compareRegistries(source: SnapshotSource, target: SnapshotSource, options: CompareOptions = {}): Promise<RegistryComparisonResult> {
  const compared = await readAndDiff(source, target, options);
  const { diff, scope } = compared;
  return {
    kind: 'registry-comparison',
    source: { name: source.registry.name },
    target: { name: target.registry.name },
    scope,
    summary: diff.summary,
    subjects: diff.subjects,
    contexts: diff.contexts,
    changes: diff.changes,
    verdicts: judgeMissing(compared),
  };
}

/**
 * The target's verdict on each version it lacks, at each subject's effective level as read with the
 * config. Without config (`--no-config`, or an export made without it) the levels are unknown: none.
 */
function judgeMissing(compared: ComparedSnapshots) {
  if (!compared.target.scope.includeConfig) return [];
  return judgeMissingVersions(compared.diff.changes, compared.source, compared.target, (c, s) => effectiveLevel(compared.target, c, s));
}

/** `compare subjects`: subject names only. */
export async function compareSubjectNames(source: SnapshotSource, target: SnapshotSource, options: CompareOptions = {}): Promise<SubjectNamesResult> {
  const { diff, scope } = await readAndDiff(source, target, { ...options, includeConfig: false });
  const names = (status: string) =>
    diff.subjects
      .filter((s) => (status === 'both' ? s.status === 'identical' || s.status === 'differs' : s.status === status))
      .map((s) => qualifySubject(s.context, s.subject));
  const onlyInSource = names('only-in-source');
  const onlyInTarget = names('only-in-target');
  const inBoth = names('both');
  return {
    kind: 'subject-comparison',
    source: { name: source.registry.name },
    target: { name: target.registry.name },
    scope,
    summary: { onlyInSource: onlyInSource.length, onlyInTarget: onlyInTarget.length, inBoth: inBoth.length },
    onlyInSource,
    onlyInTarget,
    inBoth,
  };
}

/** `compare missing`: versions present in source and absent in target. */
export async function findMissingSchemas(source: SnapshotSource, target: SnapshotSource, options: CompareOptions = {}): Promise<MissingSchemasResult> {
  const compared = await readAndDiff(source, target, { ...options, includeConfig: false });
  const versionsOf = new Map(
    compared.source.contexts.flatMap((c) => c.subjects.map((s) => [keyOf(c.name, s.name), new Map(s.versions.map((v) => [v.version, v]))] as const)),
  );
  const missing = compared.diff.changes
    .filter((c) => c.type === 'version.missing-in-target')
    .map((c) => {
      const version = versionsOf.get(keyOf(c.context, c.subject))!.get(c.version!)!;
      return {
        subject: c.subject!,
        context: c.context,
        ...(c.targetContext ? { targetContext: c.targetContext } : {}),
        version: version.version,
        id: version.id,
        schemaType: version.schemaType,
        deleted: version.deleted,
      };
    });
  return {
    kind: 'missing-schemas',
    source: { name: source.registry.name },
    target: { name: target.registry.name },
    scope: compared.scope,
    summary: { missing: missing.length, subjects: new Set(missing.map((m) => keyOf(m.context, m.subject))).size },
    missing,
  };
}
