import { subjectFilter } from '../snapshot/glob.js';
import type { Snapshot, SnapshotSubject, SnapshotVersion } from '../snapshot/types.js';
import { displaySubject, resolveReference } from './context-mapping.js';
import type { MigrationConflict, MigrationPolicy, MigrationScope, MigrationWarning } from './types.js';
import { keyOf } from '../keys.js';

/** A source version chosen for the migration. */
export interface SelectedVersion {
  readonly key: string;
  readonly context: string;
  readonly subject: SnapshotSubject;
  readonly version: SnapshotVersion;
  /** Keys of the selected versions it references. */
  readonly refs: readonly string[];
  /** Why it is in: the scope, or `referenced by …`. */
  readonly reason: string;
}

/** `<ctx>\u0000<subject>\u0000<version>`. */
export function versionKey(context: string, subject: string, version: number): string {
  return keyOf(context, subject, version);
}

interface Index {
  find(context: string, subject: string): SnapshotSubject | undefined;
}

function indexSnapshot(snapshot: Snapshot): Index {
  const map = new Map<string, SnapshotSubject>();
  for (const ctx of snapshot.contexts) for (const s of ctx.subjects) map.set(keyOf(ctx.name, s.name), s);
  return { find: (context, subject) => map.get(keyOf(context, subject)) };
}

function chooseVersions(subject: SnapshotSubject, policy: MigrationPolicy, warn: (m: string) => void): SnapshotVersion[] {
  const visible = subject.versions.filter((v) => policy.includeDeleted || !v.deleted);
  if (policy.versions === 'all') return visible;
  if (policy.versions === 'latest') {
    const live = subject.versions.filter((v) => !v.deleted);
    return live.length ? [live[live.length - 1]!] : [];
  }
  const wanted = new Set(policy.versions);
  const chosen = visible.filter((v) => wanted.has(v.version));
  for (const n of wanted)
    if (!chosen.some((v) => v.version === n))
      warn(`version ${n} of ${subject.name} not found${policy.includeDeleted ? '' : ' (or soft-deleted; add --include-deleted)'}`);
  return chosen;
}

/** What selection found: versions (closure over references when asked), dangling references, unresolved refs left to the target. */
export interface Selection {
  readonly selected: Map<string, SelectedVersion>;
  readonly roots: readonly string[];
  readonly conflicts: MigrationConflict[];
  readonly warnings: MigrationWarning[];
  /** References outside the selection (withReferences off): must already be in the target. */
  readonly external: {
    readonly from: string;
    readonly context: string;
    readonly subject: string;
    readonly version: number;
    readonly referencedVersion: SnapshotVersion | undefined;
  }[];
}

/** Pure: the source versions in scope, plus (with withReferences) every version they reference, transitively. */
export function selectVersions(source: Snapshot, scope: MigrationScope, policy: MigrationPolicy): Selection {
  const index = indexSnapshot(source);
  const keep = subjectFilter(scope.subjects, scope.exclude);
  const contexts = scope.contexts ? new Set(scope.contexts) : undefined;
  const selected = new Map<string, SelectedVersion>();
  const conflicts: MigrationConflict[] = [];
  const warnings: MigrationWarning[] = [];
  const external: Selection['external'] = [];
  const roots: string[] = [];
  const queue: Array<{ context: string; subject: SnapshotSubject; version: SnapshotVersion; reason: string }> = [];

  for (const ctx of source.contexts) {
    if (contexts && !contexts.has(ctx.name)) continue;
    for (const subject of ctx.subjects) {
      if (!keep(ctx.name, subject.name)) continue;
      const warn = (message: string) => warnings.push({ type: 'info', context: ctx.name, subject: subject.name, message });
      for (const version of chooseVersions(subject, policy, warn)) {
        roots.push(versionKey(ctx.name, subject.name, version.version));
        queue.push({ context: ctx.name, subject, version, reason: 'in scope' });
      }
    }
  }

  if (roots.length === 0) warnings.push({ type: 'info', message: 'nothing in scope: no subject or version of the source matched' });
  const queued = new Set(roots);
  for (let i = 0; i < queue.length; i++) {
    const item = queue[i]!;
    const key = versionKey(item.context, item.subject.name, item.version.version);
    if (selected.has(key)) continue;
    const refs: string[] = [];
    for (const ref of item.version.references) {
      const { context, subject } = resolveReference(ref, item.context);
      const referenced = index.find(context, subject)?.versions.find((v) => v.version === ref.version);
      const refKey = versionKey(context, subject, ref.version);
      const where = `${displaySubject(item.context, item.subject.name)} v${item.version.version}`;
      if (!referenced) {
        // Not in the source (a partial export, a filtered read): fine if the target already holds it;
        // the planner checks that, and reports a dangling reference otherwise.
        external.push({ from: key, context, subject, version: ref.version, referencedVersion: undefined });
        continue;
      }
      if (policy.withReferences || queued.has(refKey)) {
        refs.push(refKey);
        if (!queued.has(refKey)) {
          queued.add(refKey);
          queue.push({ context, subject: index.find(context, subject)!, version: referenced, reason: `referenced by ${where}` });
        }
      } else {
        external.push({ from: key, context, subject, version: ref.version, referencedVersion: referenced });
      }
    }
    selected.set(key, { key, context: item.context, subject: item.subject, version: item.version, refs, reason: item.reason });
  }
  return { selected, roots, conflicts, warnings, external };
}
