import type { SchemaReference, SchemaType } from '../registry/types.js';

/** The compatibility levels a registry knows (the `compatibility` config value). */
export const COMPATIBILITY_LEVELS = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

/** The levels a change is judged under (NONE never breaks, so it is left out). */
export const JUDGED_LEVELS = ['BACKWARD', 'FORWARD', 'FULL', 'BACKWARD_TRANSITIVE', 'FORWARD_TRANSITIVE', 'FULL_TRANSITIVE'] as const;
export type JudgedLevel = (typeof JUDGED_LEVELS)[number];

/** Whether a change breaks each level (between two versions, transitive levels equal their plain forms). */
export type Breaking = Readonly<Record<JudgedLevel, boolean>>;

/** A schema with the text of every reference it needs, dependencies first. */
export interface ResolvedSchema {
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly ResolvedReference[];
}

/** One reference, with its text (and its own references, already flattened into the parent list). */
export interface ResolvedReference extends SchemaReference {
  readonly schema: string;
}

/**
 * One reason a reader schema cannot read what a writer schema wrote. `key` names the place and the
 * topic (e.g. `field:.note`), shared with the {@link Difference} that describes the same change.
 */
export interface ReadIssue {
  readonly key: string;
  readonly type: string;
  readonly path: string;
  readonly message: string;
}

/** One semantic difference from the old schema to the new one, before verdicts are attached. */
export type Difference = ReadIssue;

/** One semantic change with its verdict per level (the JSON shape of `srx diff --json`). */
export interface SemanticChange {
  /** Lowercase dotted kind, e.g. `field.added`, `field.type-changed`, `enum.symbol-removed`. */
  readonly type: string;
  /** Where in the schema: `.orders.note`, `Order#3`, `.properties.amount`. */
  readonly path: string;
  /** One sentence, ending with the verdict ("…: safe for BACKWARD, FORWARD, FULL"). */
  readonly message: string;
  readonly breaking: Breaking;
}

/** What every format implements: parse, read-compatibility in one direction, and a description. */
export interface FormatRules<Parsed> {
  parse(schema: ResolvedSchema): Parsed;
  /** Why `reader` cannot read data written with `writer` (empty: it can). */
  readIssues(reader: Parsed, writer: Parsed): ReadIssue[];
  /** Every semantic difference from `older` to `newer`, keyed like the issues. */
  describe(older: Parsed, newer: Parsed): Difference[];
}

/** A verdict of one candidate against a subject's versions under one level. */
export interface CompatibilityVerdict {
  readonly level: CompatibilityLevel;
  readonly isCompatible: boolean;
  /** Why not, one sentence each, naming the version checked against. */
  readonly messages: readonly string[];
}
