import { DEFAULT_CONTEXT, qualifySubject } from '../registry/paths.js';

/** Splits a comma-separated glob list (`orders-*,payments-value`); empty items are dropped. */
export function parseGlobList(text: string | readonly string[] | undefined): string[] {
  if (text === undefined) return [];
  const parts = typeof text === 'string' ? [text] : text;
  return parts
    .flatMap((part) => part.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A glob as a RegExp: `*` is any run of characters, `?` one character; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const body = Array.from(glob, (ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}

/** A predicate over (context, bare subject): true when any glob matches the bare or the qualified name. */
export type SubjectMatcher = (context: string, subject: string) => boolean;

/** Builds a matcher for a glob list; an empty list matches nothing. */
export function subjectMatcher(globs: string | readonly string[] | undefined): SubjectMatcher {
  const patterns = parseGlobList(globs).map(globToRegExp);
  return (context, subject) => {
    if (patterns.length === 0) return false;
    const qualified = qualifySubject(context, subject);
    const explicit = `:${context}:${subject}`;
    return patterns.some((re) => re.test(subject) || re.test(qualified) || (context === DEFAULT_CONTEXT && re.test(explicit)));
  };
}

/** Include/exclude filter: included by `subjects` (all when none given) and not matched by `exclude`. */
export function subjectFilter(subjects?: string | readonly string[], exclude?: string | readonly string[]): SubjectMatcher {
  const hasIncludes = parseGlobList(subjects).length > 0;
  const include = subjectMatcher(subjects);
  const excluded = subjectMatcher(exclude);
  return (context, subject) => (!hasIncludes || include(context, subject)) && !excluded(context, subject);
}
