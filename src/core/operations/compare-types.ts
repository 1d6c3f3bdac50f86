import type { MissingVersionVerdict } from '../compat/judge-missing-versions.js';
import type { CompatibilityLevel, SemanticChange } from '../compat/types.js';
import type { SnapshotDiff } from '../diff/types.js';
import type { Progress } from '../progress.js';
import type { SchemaReference } from '../registry/types.js';

/** The scope options every compare command takes (SPEC section 4). */
export interface CompareOptions {
  /** Source context to compare (default: every context). */
  readonly context?: string;
  /** Target context (default: the same as `context`). */
  readonly targetContext?: string;
  readonly subjects?: readonly string[];
  readonly exclude?: readonly string[];
  readonly includeDeleted?: boolean;
  /** Compare subject/context compatibility and mode (default true). */
  readonly includeConfig?: boolean;
  readonly concurrency?: number;
  readonly progress?: Progress;
  /** A context or subject glob that matches nothing is fine (default: an EmptyScopeError, exit 2). */
  readonly allowEmpty?: boolean;
  /** Ids that differ are info, not differences or id collisions (content-only comparison). */
  readonly ignoreIds?: boolean;
}

/** A side of a comparison, by name. */
export interface RegistryRef {
  readonly name: string;
}

/** What was compared. */
export interface CompareScope {
  readonly contexts: readonly { readonly source: string; readonly target: string }[] | 'all';
  readonly subjects?: readonly string[];
  readonly exclude?: readonly string[];
  readonly includeDeleted: boolean;
  readonly includeConfig: boolean;
}

/** `compare registries` / `compare contexts` (kind `registry-comparison`, SPEC section 4). */
export interface RegistryComparisonResult extends SnapshotDiff {
  readonly kind: 'registry-comparison';
  readonly source: RegistryRef;
  readonly target: RegistryRef;
  readonly scope: CompareScope;
  /** For every version missing in the target whose subject it holds: would it be accepted, at the subject's effective level? */
  readonly verdicts?: readonly MissingVersionVerdict[];
}

/** `compare subjects` (kind `subject-comparison`): names only, qualified outside the default context. */
export interface SubjectNamesResult {
  readonly kind: 'subject-comparison';
  readonly source: RegistryRef;
  readonly target: RegistryRef;
  readonly scope: CompareScope;
  readonly summary: { readonly onlyInSource: number; readonly onlyInTarget: number; readonly inBoth: number };
  readonly onlyInSource: readonly string[];
  readonly onlyInTarget: readonly string[];
  readonly inBoth: readonly string[];
}

/** One version present in source and absent in target. */
export interface MissingSchema {
  readonly subject: string;
  readonly context: string;
  readonly targetContext?: string;
  readonly version: number;
  readonly id: number;
  readonly schemaType: string;
  readonly deleted: boolean;
}

/** `compare missing` (kind `missing-schemas`). */
export interface MissingSchemasResult {
  readonly kind: 'missing-schemas';
  readonly source: RegistryRef;
  readonly target: RegistryRef;
  readonly scope: CompareScope;
  readonly summary: { readonly missing: number; readonly subjects: number };
  readonly missing: readonly MissingSchema[];
}

/** Conflict kinds of `compare conflicts`. */
export type ConflictType = 'content' | 'schema-type' | 'id-collision' | 'incompatible';

/** One thing that would break a migration. */
export interface SchemaConflict {
  readonly type: ConflictType;
  readonly subject: string;
  readonly context: string;
  readonly targetContext?: string;
  readonly version: number;
  readonly sourceId: number | null;
  readonly targetId: number | null;
  /** For id collisions: where the target holds the id. */
  readonly targetSubject?: string;
  readonly targetVersion?: number;
  /** For incompatible: why (srx's reasons, or the target registry's own messages with --verify-with-registry). */
  readonly messages?: readonly string[];
  /** For incompatible, judged by srx: the target subject's effective compatibility level. */
  readonly level?: string;
  readonly message: string;
}

/** `compare conflicts` (kind `schema-conflicts`). */
export interface SchemaConflictsResult {
  readonly kind: 'schema-conflicts';
  readonly source: RegistryRef;
  readonly target: RegistryRef;
  readonly scope: CompareScope;
  readonly summary: {
    readonly total: number;
    readonly content: number;
    readonly schemaType: number;
    readonly idCollision: number;
    readonly incompatible: number;
    readonly compatibilityChecked: number;
  };
  /** Who judged the missing versions: srx, locally (default), or the target registry (--verify-with-registry). */
  readonly compatibilityCheckedBy: 'srx' | 'registry';
  readonly conflicts: readonly SchemaConflict[];
}

/** One side of a schema diff. */
export interface SchemaSide {
  readonly registry: string;
  readonly version: number;
  readonly id: number;
  readonly schemaType: string;
  readonly references: readonly SchemaReference[];
  readonly deleted: boolean;
  /** The normalized schema, pretty-printed (what the diff compares). */
  readonly schema: string;
}

/** `compare schema` / `srx diff` (kind `schema-diff`). */
export interface SchemaDiffResult {
  readonly kind: 'schema-diff';
  readonly subject: string;
  readonly context: string;
  readonly targetContext?: string;
  readonly status: 'identical' | 'differs' | 'missing-in-source' | 'missing-in-target';
  readonly verdict: string;
  readonly source: SchemaSide | null;
  readonly target: SchemaSide | null;
  /** Unified diff of the two normalized schemas (empty when identical). */
  readonly diff: string;
  /** When both sides hold the subject and differ: the semantic changes with a verdict per level. */
  readonly semantic?: SemanticSummary;
}

/** The semantic changes of `srx diff`, from the target's version to the source's. */
export interface SemanticSummary {
  /** `prod v1`: the version the changes start from (the target's). */
  readonly from: string;
  /** `staging v2`: the version they lead to (the source's). */
  readonly to: string;
  /** The target subject's effective compatibility, and where it is set. */
  readonly targetLevel: CompatibilityLevel;
  readonly targetLevelSource: 'subject' | 'context' | 'global' | 'default';
  /** True when a change breaks the target's level (the target would refuse the source's version after its own). */
  readonly isBreaking: boolean;
  readonly changes: readonly SemanticChange[];
}

/** Would the target accept each version it lacks? (compare registries/contexts; judged by srx). */
export type { MissingVersionVerdict };
