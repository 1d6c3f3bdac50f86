import { DEFAULT_CONTEXT, normalizeContext } from '../registry/paths.js';
import { parseGlobList, subjectFilter } from './glob.js';
import type { Snapshot, SnapshotContext, SnapshotScope, SnapshotSubject } from './types.js';

/** Which part of a registry to keep (the scope options of readSnapshot). */
export interface SnapshotFilterOptions {
  /** Contexts to keep (`.team-a`, `team-a`, `.`); undefined keeps every context. */
  readonly contexts?: readonly string[];
  /** Subject globs or exact names, matched against bare and qualified names; undefined keeps all. */
  readonly subjects?: readonly string[];
  readonly exclude?: readonly string[];
  /** Keep soft-deleted versions (default false: they and subjects left empty are dropped). */
  readonly includeDeleted?: boolean;
  /** Keep subject and context compatibility/mode (default true); false clears them to null. */
  readonly includeConfig?: boolean;
}

/** Pure: the part of a snapshot the options select; its scope records what was applied. */
export function filterSnapshot(snapshot: Snapshot, options: SnapshotFilterOptions): Snapshot {
  const keepContext = contextFilter(options.contexts);
  const keepSubject = subjectFilter(options.subjects, options.exclude);
  const includeDeleted = Boolean(options.includeDeleted) && snapshot.scope.includeDeleted;
  const includeConfig = options.includeConfig !== false && snapshot.scope.includeConfig;
  const contexts = snapshot.contexts
    .filter((context) => keepContext(context.name))
    .map((context): SnapshotContext => ({
      ...context,
      compatibility: includeConfig ? context.compatibility : null,
      mode: includeConfig ? context.mode : null,
      subjects: context.subjects
        .filter((subject) => keepSubject(context.name, subject.name))
        .map((subject) => filterSubject(subject, includeDeleted, includeConfig))
        .filter((subject): subject is SnapshotSubject => subject !== null),
    }));
  return { ...snapshot, scope: scopeOf(options, snapshot.scope, includeDeleted, includeConfig), contexts };
}

/** A predicate over context names; undefined or empty keeps every context. */
export function contextFilter(contexts?: readonly string[]): (name: string) => boolean {
  if (!contexts || contexts.length === 0) return () => true;
  const wanted = new Set(contexts.map(normalizeContext));
  return (name) => wanted.has(normalizeContext(name || DEFAULT_CONTEXT));
}

function filterSubject(subject: SnapshotSubject, includeDeleted: boolean, includeConfig: boolean): SnapshotSubject | null {
  const versions = includeDeleted ? subject.versions : subject.versions.filter((version) => !version.deleted);
  if (versions.length === 0) return null;
  return {
    ...subject,
    versions,
    compatibility: includeConfig ? subject.compatibility : null,
    mode: includeConfig ? subject.mode : null,
  };
}

function scopeOf(options: SnapshotFilterOptions, previous: SnapshotScope, includeDeleted: boolean, includeConfig: boolean): SnapshotScope {
  const contexts = options.contexts?.length ? options.contexts.map(normalizeContext) : previous.contexts;
  const subjects = parseGlobList(options.subjects);
  const exclude = parseGlobList(options.exclude);
  return {
    contexts,
    subjects: subjects.length ? [...(previous.subjects ?? []), ...subjects] : previous.subjects,
    exclude: exclude.length ? [...(previous.exclude ?? []), ...exclude] : previous.exclude,
    includeDeleted,
    includeConfig,
  };
}
