import { UsageError } from '../errors.js';
import { normalizeContext } from '../registry/paths.js';
import { subjectMatcher } from './glob.js';
import type { Snapshot } from './types.js';

/** The parts of a scope a user named: contexts and subject globs or names. */
export interface NamedScope {
  readonly contexts?: readonly string[];
  readonly subjects?: readonly string[];
  /** Exclude globs: subjects a glob matched may have been excluded, so the globs are then checked together. */
  readonly exclude?: readonly string[];
}

/** A scope that selects nothing: almost always a typo, so an error (exit 2) unless `--allow-empty`. */
export class EmptyScopeError extends UsageError {
  constructor(message: string) {
    super('E_SCOPE_EMPTY', message, 'check the spelling; pass --allow-empty when selecting nothing is fine');
  }
}

/**
 * Pure: the first named part of a scope that matches nothing in any of the snapshots (a context with
 * no subject, a subject glob or name that matches no subject), as a message naming it; undefined when
 * every part matches something.
 */
export function emptyScopeMessage(snapshots: readonly Snapshot[], scope: NamedScope): string | undefined {
  const where = snapshots.map((s) => s.registry.name).join(' or ');
  const globs = scope.subjects ?? [];
  const groups = scope.exclude?.length && globs.length ? [globs] : globs.map((glob) => [glob]);
  for (const group of groups) {
    const matches = subjectMatcher(group);
    const found = snapshots.some((s) => s.contexts.some((c) => c.subjects.some((subject) => matches(c.name, subject.name))));
    if (!found) return `no subject matches "${group.join(',')}"${scope.exclude?.length ? ` (after --exclude ${scope.exclude.join(',')})` : ''} in ${where}`;
  }
  for (const context of scope.contexts ?? []) {
    const name = normalizeContext(context);
    const hasSubjects = snapshots.some((s) => s.contexts.some((c) => c.name === name && c.subjects.length > 0));
    if (!hasSubjects) return `context ${name} has no subjects in ${where}`;
  }
  return undefined;
}

/** Throws EmptyScopeError when part of the scope matches nothing (and `allowEmpty` is not set). */
export function assertScopeMatches(snapshots: readonly Snapshot[], scope: NamedScope, allowEmpty = false): void {
  if (allowEmpty) return;
  const message = emptyScopeMessage(snapshots, scope);
  if (message) throw new EmptyScopeError(message);
}
