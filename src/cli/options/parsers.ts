import { isValidContext, normalizeContext, parseGlobList, parseQualifiedSubject, type SyncScope, UsageError, type VersionsPolicy } from '../../core/index.js';

/**
 * A context as given, or a UsageError before any request (the registry would answer 422).
 * `label` names it in the message: `invalid --context "x"` or `invalid context "x"`.
 */
export function checkContext(text: string, label = 'context'): string {
  if (!isValidContext(text)) throw new UsageError('E_USAGE_CONTEXT', `invalid ${label} "${text}"`, 'write contexts as . (default), .team-a or team-a');
  return text;
}

/** A context, normalized (`team-a` → `.team-a`); a UsageError for an invalid one. */
export function parseContext(text: string, label = 'context'): string {
  return normalizeContext(checkContext(text, label));
}

/** `a,b` → ['a', 'b']; undefined when not given or empty. */
export function parseList(text: string | undefined): string[] | undefined {
  const items = parseGlobList(text);
  return items.length ? items : undefined;
}

/** `a,.b` → normalized contexts; undefined when not given or empty (every context). */
export function parseContextList(text: string | undefined): string[] | undefined {
  return parseList(text)?.map((context) => parseContext(context));
}

/** Subject globs, comma-separated, from one flag or a repeated one; undefined when none. */
export function parseGlobs(text: string | readonly string[] | undefined): string[] | undefined {
  const globs = parseGlobList(text);
  return globs.length ? globs : undefined;
}

/** `all`, `latest` or `1,3,5`. */
export function parseVersions(text: string): VersionsPolicy {
  const value = text.trim();
  if (value === 'all' || value === 'latest') return value;
  // Not parseList: an empty item (`1,,3`) is an error here, not skipped.
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if (numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new UsageError('E_USAGE_OPTION', `--versions must be all, latest or version numbers like 1,3,5, got "${text}"`);
  }
  return numbers;
}

/**
 * A `--scope` value: `registry`, `context:<ctx>` or `subject:<name>` (a qualified `:.ctx:name` names
 * another context). The subject may be empty; callers that need one check it.
 */
export function parseScopeText(text: string | undefined): SyncScope {
  const value = (text ?? 'registry').trim();
  if (value === 'registry') return { kind: 'registry' };
  if (value.startsWith('context:') && value.length > 'context:'.length) return { kind: 'context', context: parseContext(value.slice('context:'.length)) };
  if (value.startsWith('subject:') && value.length > 'subject:'.length) {
    const { context, subject } = parseQualifiedSubject(value.slice('subject:'.length));
    return { kind: 'subject', context, subject };
  }
  throw new UsageError('E_USAGE_OPTION', `invalid --scope "${text}"`, 'use registry, context:<ctx> or subject:<name>');
}
