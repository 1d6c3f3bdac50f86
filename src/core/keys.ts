/**
 * Composite map keys. A context, a subject name and a version never contain NUL, so joining their parts
 * with `\u0000` gives a key that splits back unambiguously (a registry refuses control characters in names).
 */
const SEP = '\u0000';

/** `a\u0000b\u0000…`: one map key for a tuple such as (context, subject) or (context, subject, version). */
export function keyOf(...parts: readonly (string | number | boolean | null | undefined)[]): string {
  // A loop, not map().join(): keys are built per step and per version on hot paths (apply, plan).
  let key = `${parts[0]}`;
  for (let i = 1; i < parts.length; i += 1) key += `${SEP}${parts[i]}`;
  return key;
}

/** The parts of a key made by `keyOf`, as strings. */
export function partsOf(key: string): string[] {
  return key.split(SEP);
}

/** The (context, subject) of a `keyOf(context, subject)` key. */
export function contextSubjectOf(key: string): [context: string, subject: string] {
  const at = key.indexOf(SEP);
  return [key.slice(0, at), key.slice(at + 1)];
}
