import { messageOf } from '../errors.js';
import { avroRules } from './avro.js';
import { jsonSchemaRules } from './json-schema.js';
import { protobufRules } from './protobuf.js';
import {
  JUDGED_LEVELS,
  type Breaking,
  type CompatibilityLevel,
  type CompatibilityVerdict,
  type FormatRules,
  type ReadIssue,
  type ResolvedSchema,
  type SemanticChange,
} from './types.js';

export * from './types.js';
export { resolveReferences } from './resolve-references.js';

/** The semantic changes from `older` to `newer`, and why each direction fails to read the other. */
export interface SemanticDiff {
  readonly changes: readonly SemanticChange[];
  /** Why the newer schema cannot read data written with the older one (BACKWARD fails). */
  readonly backward: readonly ReadIssue[];
  /** Why the older schema cannot read data written with the newer one (FORWARD fails). */
  readonly forward: readonly ReadIssue[];
}

const RULES: Record<string, FormatRules<unknown>> = {
  AVRO: avroRules,
  PROTOBUF: protobufRules,
  JSON: jsonSchemaRules,
};

/** Pure; the semantic changes between two versions with a verdict per level for each. */
export function diffSemantics(older: ResolvedSchema, newer: ResolvedSchema): SemanticDiff {
  if (older.schemaType !== newer.schemaType) {
    const reason: ReadIssue = { key: 'schema-type', type: 'schema-type.changed', path: '', message: `schema type ${older.schemaType} → ${newer.schemaType}` };
    return { changes: [issueChange(reason, true, true)], backward: [reason], forward: [reason] };
  }
  const rules = RULES[older.schemaType]!;
  const parsed = parseBoth(rules, older, newer);
  if ('invalid' in parsed) return { changes: [issueChange(parsed.invalid, true, true)], backward: [parsed.invalid], forward: [parsed.invalid] };
  const backward = rules.readIssues(parsed.newer, parsed.older);
  const forward = rules.readIssues(parsed.older, parsed.newer);
  const backwardKeys = new Set(backward.map((i) => i.key));
  const forwardKeys = new Set(forward.map((i) => i.key));
  const described = rules.describe(parsed.older, parsed.newer);
  const changes = described.map((d) => issueChange(d, backwardKeys.has(d.key), forwardKeys.has(d.key)));
  // A reason no described change accounts for still has to show, with its own verdict.
  const describedKeys = new Set(described.map((d) => d.key));
  const orphans = new Map<string, SemanticChange>();
  for (const i of backward.filter((x) => !describedKeys.has(x.key))) orphans.set(i.key, issueChange(i, true, forwardKeys.has(i.key)));
  for (const i of forward.filter((x) => !describedKeys.has(x.key) && !orphans.has(x.key))) orphans.set(i.key, issueChange(i, false, true));
  return { changes: [...changes, ...orphans.values()], backward, forward };
}

function parseBoth(rules: FormatRules<unknown>, older: ResolvedSchema, newer: ResolvedSchema): { older: unknown; newer: unknown } | { invalid: ReadIssue } {
  const parse = (schema: ResolvedSchema, which: string): unknown => {
    try {
      return rules.parse(schema);
    } catch (error) {
      throw new Error(`${which} schema is not valid ${schema.schemaType}: ${messageOf(error)}`);
    }
  };
  try {
    return { older: parse(older, 'the older'), newer: parse(newer, 'the newer') };
  } catch (error) {
    return { invalid: { key: 'schema', type: 'schema.invalid', path: '', message: messageOf(error) } };
  }
}

function issueChange(d: ReadIssue, backward: boolean, forward: boolean): SemanticChange {
  const breaking = breakingFor(backward, forward);
  return { type: d.type, path: d.path, message: `${d.message}: ${verdictWords(breaking)}`, breaking };
}

/** The verdict per level of one change between two versions (a transitive level equals its plain form). */
export function breakingFor(backward: boolean, forward: boolean): Breaking {
  const full = backward || forward;
  return { BACKWARD: backward, FORWARD: forward, FULL: full, BACKWARD_TRANSITIVE: backward, FORWARD_TRANSITIVE: forward, FULL_TRANSITIVE: full };
}

/** "safe for BACKWARD, FORWARD, FULL", "breaking for every level", "breaking for BACKWARD, FULL (safe for FORWARD)". */
export function verdictWords(breaking: Breaking): string {
  const plain = ['BACKWARD', 'FORWARD', 'FULL'] as const;
  const broken = plain.filter((l) => breaking[l]);
  if (broken.length === 0) return 'safe for BACKWARD, FORWARD, FULL';
  if (broken.length === plain.length) return 'breaking for every level';
  return `breaking for ${broken.join(', ')} (safe for ${plain.filter((l) => !breaking[l]).join(', ')})`;
}

/** True when a change breaks at least one level. */
export const isBreaking = (change: SemanticChange): boolean => JUDGED_LEVELS.some((l) => change.breaking[l]);

/**
 * Would a registry at `level` accept `candidate` after `history` (oldest first)? Plain levels check
 * the latest version only, transitive ones every version; BACKWARD reads old data with the
 * candidate, FORWARD reads the candidate's data with the old schema, FULL both.
 */
export function checkCompatibility(
  candidate: ResolvedSchema,
  history: readonly (ResolvedSchema & { readonly version?: number })[],
  level: CompatibilityLevel,
): CompatibilityVerdict {
  if (level === 'NONE' || history.length === 0) return { level, isCompatible: true, messages: [] };
  const against = level.endsWith('_TRANSITIVE') ? history : history.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const messages: string[] = [];
  for (const [i, previous] of against.entries()) {
    const name = `version ${previous.version ?? history.length - against.length + i + 1}`;
    const diff = diffSemantics(previous, candidate);
    if (backward) messages.push(...diff.backward.map((issue) => `BACKWARD against ${name}: ${where(issue)}${issue.message}`));
    if (forward) messages.push(...diff.forward.map((issue) => `FORWARD against ${name}: ${where(issue)}${issue.message}`));
  }
  return { level, isCompatible: messages.length === 0, messages };
}

function where(issue: ReadIssue): string {
  return issue.path ? `${issue.path}: ` : '';
}

/** Parses a compatibility value read from a registry config (null for anything else). */
export function levelOf(value: string | null | undefined): CompatibilityLevel | null {
  const upper = value?.toUpperCase();
  return (['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'] as const).find((l) => l === upper) ?? null;
}
