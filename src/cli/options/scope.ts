import { checkContext, parseContextList, parseGlobs } from './parsers.js';

/** The scope flags as commander parses them (each command declares the ones it has). */
export interface ScopeFlags {
  readonly context?: string;
  readonly targetContext?: string;
  readonly contexts?: string;
  /** A string, or an array where the flag may be repeated (compare). */
  readonly subjects?: string | readonly string[];
  readonly exclude?: string | readonly string[];
  readonly includeDeleted?: boolean;
  readonly allowEmpty?: boolean;
}

/** What a command reads or writes, parsed and checked: the one scope model of compare, migrate, sync and export. */
export interface Scope {
  /** One context, checked but as given (`.team-a` or `team-a`). */
  readonly context?: string;
  /** The context `context` maps to on the other side, checked but as given. */
  readonly targetContext?: string;
  /** Normalized contexts; undefined: every context. */
  readonly contexts?: string[];
  /** Subject globs; undefined: every subject. */
  readonly subjects?: string[];
  /** Subject globs to leave out; undefined: none. */
  readonly exclude?: string[];
  readonly includeDeleted: boolean;
  readonly allowEmpty: boolean;
}

/** How a command names its context flags in errors (`invalid --context "x"`); default `context`. */
export interface ScopeWording {
  readonly context?: string;
  readonly targetContext?: string;
}

/** Parses and checks the scope flags a command has; a UsageError names the first bad one. */
export function scopeOf(flags: ScopeFlags, wording: ScopeWording = {}): Scope {
  return {
    context: flags.context === undefined ? undefined : checkContext(flags.context, wording.context),
    targetContext: flags.targetContext === undefined ? undefined : checkContext(flags.targetContext, wording.targetContext),
    contexts: parseContextList(flags.contexts),
    subjects: parseGlobs(flags.subjects),
    exclude: parseGlobs(flags.exclude),
    includeDeleted: Boolean(flags.includeDeleted),
    allowEmpty: Boolean(flags.allowEmpty),
  };
}
