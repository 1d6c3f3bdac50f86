/** How much a change matters: a conflict breaks a migration, a difference is drift, info is neither. */
export type ChangeSeverity = 'conflict' | 'difference' | 'info';

/** Every kind of change diffSnapshots reports (lowercase dotted, registry words). */
export type ChangeType =
  | 'subject.only-in-source'
  | 'subject.only-in-target'
  | 'version.missing-in-target'
  | 'version.missing-in-source'
  | 'version.content-differs'
  | 'version.schema-type-differs'
  | 'version.references-differ'
  | 'version.metadata-differs'
  | 'version.rules-differ'
  | 'version.id-differs'
  | 'version.deleted-differs'
  | 'subject.compatibility-differs'
  | 'subject.mode-differs'
  | 'context.compatibility-differs'
  | 'context.mode-differs'
  | 'id.collision';

/** What every change carries: its wording and severity (so every renderer agrees) and where it is. */
interface ChangeBase {
  readonly severity: ChangeSeverity;
  readonly message: string;
  /** The source side's context. */
  readonly context: string;
  /** Set when two differently named contexts are compared. */
  readonly targetContext?: string;
  /** Absent on a context's change; a version number on version changes and id collisions. */
  readonly subject?: string;
  readonly version?: number;
}

/** A subject on one side only. */
export interface SubjectChange extends ChangeBase {
  readonly type: 'subject.only-in-source' | 'subject.only-in-target';
  readonly subject: string;
}

/** A version missing on one side, or present on both and different in content, references, data contract or id. */
export interface VersionChange extends ChangeBase {
  readonly type:
    | 'version.missing-in-target'
    | 'version.missing-in-source'
    | 'version.content-differs'
    | 'version.references-differ'
    | 'version.metadata-differs'
    | 'version.rules-differ'
    | 'version.id-differs';
  readonly subject: string;
  readonly version: number;
  readonly sourceId: number | null;
  readonly targetId: number | null;
}

/** A version whose schema type differs: the two types. */
export interface SchemaTypeChange extends Omit<VersionChange, 'type'> {
  readonly type: 'version.schema-type-differs';
  readonly source: string;
  readonly target: string;
}

/** A version soft-deleted on one side only: whether each side has it deleted. */
export interface DeletedChange extends Omit<VersionChange, 'type'> {
  readonly type: 'version.deleted-differs';
  readonly source: boolean;
  readonly target: boolean;
}

/** A subject's compatibility or mode differs: the two values (null: not set at subject level). */
export interface SubjectConfigChange extends ChangeBase {
  readonly type: 'subject.compatibility-differs' | 'subject.mode-differs';
  readonly subject: string;
  readonly source: string | null;
  readonly target: string | null;
}

/** A context's (for `.`, the registry's global) compatibility or mode differs. */
export interface ContextConfigChange extends ChangeBase {
  readonly type: 'context.compatibility-differs' | 'context.mode-differs';
  readonly subject?: undefined;
  readonly version?: undefined;
  readonly source: string | null;
  readonly target: string | null;
}

/** One id holds different schemas on the two sides: where each side has it. */
export interface IdCollisionChange extends ChangeBase {
  readonly type: 'id.collision';
  readonly subject: string;
  readonly version: number;
  readonly sourceId: number;
  readonly targetId: number;
  readonly targetSubject: string;
  readonly targetVersion: number;
}

/**
 * One difference between two snapshots, discriminated by `type`: each kind carries exactly the fields
 * that describe it (a version change its ids, a config change its two values, a collision both holders).
 */
export type Change = SubjectChange | VersionChange | SchemaTypeChange | DeletedChange | SubjectConfigChange | ContextConfigChange | IdCollisionChange;

/** Subject status (SPEC section 4). */
export type SubjectStatus = 'only-in-source' | 'only-in-target' | 'identical' | 'differs';

/** Version status (SPEC section 4); `deleted-differs` only when soft-deleted versions are compared. */
export type VersionStatus = 'same' | 'missing-in-target' | 'missing-in-source' | 'content-differs' | 'data-contract-differs' | 'id-differs' | 'deleted-differs';

/** One version present on at least one side. */
export interface VersionComparison {
  readonly version: number;
  readonly status: VersionStatus;
  readonly sourceId: number | null;
  readonly targetId: number | null;
  readonly schemaType?: { readonly source: string | null; readonly target: string | null };
  readonly deleted?: { readonly source: boolean | null; readonly target: boolean | null };
}

/** One subject present on at least one side; `versions` lists only versions that are not `same`. */
export interface SubjectComparison {
  readonly subject: string;
  readonly context: string;
  readonly targetContext?: string;
  readonly status: SubjectStatus;
  readonly versions: readonly VersionComparison[];
  /** Subject-level compatibility on each side (null: none set); present when config was compared. */
  readonly config?: { readonly source: string | null; readonly target: string | null };
  readonly mode?: { readonly source: string | null; readonly target: string | null };
}

/** Context-level config on both sides, when it differs. */
export interface ContextConfigComparison {
  readonly context: string;
  readonly targetContext?: string;
  readonly compatibility: { readonly source: string | null; readonly target: string | null };
  readonly mode: { readonly source: string | null; readonly target: string | null };
}

/** The counts of SPEC section 4, plus config drift. */
export interface ComparisonSummary {
  readonly subjectsOnlyInSource: number;
  readonly subjectsOnlyInTarget: number;
  readonly subjectsInBoth: number;
  readonly identicalSubjects: number;
  readonly differingSubjects: number;
  readonly versionsMissingInTarget: number;
  readonly versionsMissingInSource: number;
  readonly conflicts: number;
  readonly configDifferences: number;
}

/** What diffSnapshots returns: typed changes plus the per-subject view. */
export interface SnapshotDiff {
  readonly summary: ComparisonSummary;
  readonly subjects: readonly SubjectComparison[];
  readonly contexts: readonly ContextConfigComparison[];
  readonly changes: readonly Change[];
}

/** Which source context is compared with which target context. */
export interface ContextPair {
  readonly source: string;
  readonly target: string;
}

/** Options of diffSnapshots. */
export interface DiffOptions {
  /** Context pairs to compare; default: contexts paired by name (union of both sides). */
  readonly contexts?: readonly ContextPair[];
  /** Compare subject and context compatibility/mode (default true when both snapshots read them). */
  readonly includeConfig?: boolean;
  /** Content only: ids that differ (and id collisions) are info, and a subject differing only in ids is identical. */
  readonly ignoreIds?: boolean;
}
