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

/**
 * One difference between two snapshots. It carries its own wording (`message`) and `severity`,
 * so every renderer agrees. `context` is the source side's context; `targetContext` is set when
 * two differently named contexts are compared.
 */
export interface Change {
  readonly type: ChangeType;
  readonly severity: ChangeSeverity;
  readonly message: string;
  readonly context: string;
  readonly targetContext?: string;
  readonly subject?: string;
  readonly version?: number;
  readonly sourceId?: number | null;
  readonly targetId?: number | null;
  /** For config, type and deleted changes: the two values. */
  readonly source?: string | boolean | null;
  readonly target?: string | boolean | null;
  /** For id collisions: where the target holds the id. */
  readonly targetSubject?: string;
  readonly targetVersion?: number;
}

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
