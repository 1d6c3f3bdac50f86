import type { Progress } from '../progress.js';
import type { SchemaReference, SchemaType } from '../registry/types.js';
import type { LiveSource, SnapshotSource } from '../snapshot/types.js';

/** Where a migration reads from: a live registry or an srx export. */
export type { LiveSource, SnapshotSource } from '../snapshot/types.js';

/** `all`, `latest`, or explicit version numbers (of the source). */
export type VersionsPolicy = 'all' | 'latest' | readonly number[];

/** How a migration treats ids, versions, history, references, config and conflicts (SPEC section 5). */
export interface MigrationPolicy {
  /** Copy schema ids and version numbers through IMPORT mode (default true). */
  readonly preserveIds: boolean;
  readonly versions: VersionsPolicy;
  /** Copy soft-deleted versions too (registered, then soft-deleted in the target). */
  readonly includeDeleted: boolean;
  /** Pull referenced subjects/versions in even when outside the scope (default true). */
  readonly withReferences: boolean;
  /** Copy subject-level compatibility after the versions (default true). */
  readonly copyConfig: boolean;
  /**
   * Copy the compatibility level of each context migrated as a whole (for `.`, the registry's global level), after
   * every version (default true for migrate; absent in older plans and in sync: not copied).
   */
  readonly copyContextConfig?: boolean;
  /** `fail`: any conflict stops the plan before any write; `skip`: conflicting subjects are left out. */
  readonly onConflict: 'fail' | 'skip';
  /** Allow IMPORT mode on a target subject that already has live versions (`?force=true`). */
  readonly forceImport: boolean;
  /** Soft-delete in the target what the source soft-deleted (sync). */
  readonly propagateDeletes: boolean;
}

/** Defaults of SPEC section 5. */
export const DEFAULT_POLICY: MigrationPolicy = {
  preserveIds: true,
  versions: 'all',
  includeDeleted: false,
  withReferences: true,
  copyConfig: true,
  onConflict: 'fail',
  forceImport: false,
  propagateDeletes: false,
};

/** What part of the source a migration covers. */
export interface MigrationScope {
  /** Source contexts to migrate (normalized `.x`); undefined: every context. */
  readonly contexts?: readonly string[];
  /** Subject globs (bare names) to include; undefined: all. */
  readonly subjects?: readonly string[];
  readonly exclude?: readonly string[];
  /** Map the one source context (contexts must then hold exactly one) to this target context. */
  readonly targetContext?: string;
}

/** A registry as results name it (never with credentials). */
export interface RegistryRef {
  readonly name: string;
  readonly url: string;
}

/** Everything `runMigration` needs. */
export interface MigrationRequest {
  readonly source: SnapshotSource;
  readonly target: LiveSource;
  readonly scope: MigrationScope;
  readonly policy: MigrationPolicy;
  /** What started it (recorded in the journal and shown by `list`); default 'migrate'. */
  readonly kind?: 'migrate' | 'sync' | 'import';
  readonly dryRun: boolean;
  /** State directory: journals live in `<stateDir>/migrations/`. */
  readonly stateDir: string;
  /** Masks known secrets in text before it is written to the journal. */
  readonly redact?: (text: string) => string;
  readonly progress?: Progress;
  /** Aborted on SIGINT/SIGTERM: no new step starts, modes are restored, status 'interrupted'. */
  readonly signal?: AbortSignal;
  /** Subjects migrated at once (default 16). */
  readonly concurrency?: number;
  /** The migration id to use; generated when absent. */
  readonly id?: string;
  /** Called once the journal exists, before the first write (the CLI prints the id here). Not called for dry runs or no-op runs. */
  readonly onStart?: (id: string, journalPath: string) => void;
  /** Use this plan instead of planning (`migrate apply <plan-file>`); refused when the registries changed since. */
  readonly plan?: MigrationPlan;
  /** A context or subject that matches nothing is fine (default: an EmptyScopeError, exit 2, before any write). */
  readonly allowEmpty?: boolean;
}

/** What one step does. */
export type StepAction = 'register' | 'soft-delete' | 'set-compatibility' | 'skip';

/** One planned write (or a skip, with its reason), in execution order. */
export interface PlanStep {
  /** Stable within a plan: `<action>:<context>:<subject>:<version>`. */
  readonly stepId: string;
  readonly action: StepAction;
  /** Target context and bare subject name. */
  readonly context: string;
  readonly subject: string;
  readonly sourceContext: string;
  readonly sourceSubject: string;
  /** Target version number; null when the target assigns it (--no-preserve-ids) or for config steps. */
  readonly version: number | null;
  readonly sourceVersion: number | null;
  readonly sourceId: number | null;
  /** Id requested in the target (preserve-ids), or the id the target already holds (skip); null when the target assigns it. */
  readonly targetId: number | null;
  readonly schemaType?: SchemaType;
  readonly schema?: string;
  /** References rewritten for the target context. */
  readonly references?: readonly SchemaReference[];
  /**
   * Parallel to `references`: the step whose outcome gives the referenced version's target version number
   * (--no-preserve-ids, where the target assigns numbers), or null when `references[i]` is final.
   */
  readonly referenceSteps?: readonly (string | null)[];
  /** The source version is soft-deleted. */
  readonly deleted?: boolean;
  readonly metadata?: unknown;
  readonly ruleSet?: unknown;
  /**
   * set-compatibility: the level to set (absent: remove the subject-level setting), and the target's
   * subject-level value before (null: none).
   */
  readonly compatibility?: string;
  readonly previousCompatibility?: string | null;
  /** set-compatibility: runs before the subject's versions are written (--no-preserve-ids), not after. */
  readonly beforeVersions?: boolean;
  /** Why this step exists (or was skipped). */
  readonly reason: string;
  /** Steps that must be applied first (references). */
  readonly dependsOn: readonly string[];
}

/** What stops a migration (before any write unless --on-conflict skip). */
export interface MigrationConflict {
  readonly type:
    | 'content'
    | 'schema-type'
    | 'id-collision'
    | 'dangling-reference'
    | 'reference-cycle'
    | 'import-not-possible'
    | 'id-not-preservable'
    | 'version-occupied'
    | 'target-readonly'
    | 'subject-not-addressable';
  readonly context: string;
  readonly subject: string;
  readonly version?: number;
  readonly sourceId?: number;
  readonly targetId?: number;
  readonly message: string;
}

/** Something the user should know; does not stop the plan. */
export interface MigrationWarning {
  readonly type:
    | 'soft-deleted-history'
    | 'data-contract'
    | 'force-import'
    | 'cross-context-reference'
    | 'conflict-skipped'
    | 'target-changed'
    | 'will-be-refused'
    | 'soft-deleted-left-behind'
    | 'info';
  readonly context?: string;
  readonly subject?: string;
  readonly message: string;
}

/** How the executor puts one target subject into IMPORT mode. */
export interface SubjectPlan {
  readonly context: string;
  readonly subject: string;
  /** `subject`: PUT /mode/{subject}; `context`: the whole (empty) target context is switched; `none`: no IMPORT needed. */
  readonly importScope: 'subject' | 'context' | 'none';
  /** `?force=true` needed (subject has live versions; only with --force-import). */
  readonly force: boolean;
  /** Subject-level mode in the target before the migration (null: none set). */
  readonly previousMode: string | null;
  readonly hasWrites: boolean;
  /** The subject exists in the target (any version): the executor looks each schema up before registering. */
  readonly existsInTarget: boolean;
}

/** Pure output of planMigration: ordered steps, conflicts, warnings; `blocked` when it must not be applied. */
export interface MigrationPlan {
  readonly kind: 'migration-plan';
  readonly source: RegistryRef;
  readonly target: RegistryRef;
  readonly scope: MigrationScope;
  readonly policy: MigrationPolicy;
  readonly steps: readonly PlanStep[];
  readonly subjects: readonly SubjectPlan[];
  /** Target contexts switched to IMPORT as a whole (empty contexts), with their context-level mode before. */
  readonly contextModes: readonly { readonly context: string; readonly previousMode: string | null }[];
  readonly conflicts: readonly MigrationConflict[];
  readonly warnings: readonly MigrationWarning[];
  readonly blocked: boolean;
  /** Fingerprints of the source and target contents in scope, to refuse a stale plan. */
  readonly fingerprints: { readonly source: string; readonly target: string };
}

/** Outcome of one step. */
export type StepStatus = 'planned' | 'applied' | 'skipped' | 'failed' | 'pending';

/** One step as results and journals report it. */
export interface MigrationStepResult {
  readonly stepId: string;
  readonly action: StepAction;
  readonly subject: string;
  readonly context: string;
  readonly version: number | null;
  readonly sourceId: number | null;
  readonly targetId: number | null;
  readonly status: StepStatus;
  readonly reason?: string;
  readonly error?: { readonly code: string; readonly message: string; readonly errorCode?: number };
}

/** Counts of a migration. */
export interface MigrationSummary {
  readonly planned: number;
  readonly registered: number;
  readonly softDeleted: number;
  readonly configured: number;
  readonly skipped: number;
  readonly failed: number;
  readonly pending: number;
  readonly conflicts: number;
}

/** Final (or current) state of a migration. */
export type MigrationStatus = 'planned' | 'running' | 'completed' | 'partial' | 'failed' | 'interrupted' | 'rolled-back';

/** A mode srx changed and whether it put it back. */
export interface ModeChange {
  readonly context: string;
  /** null: the context-level mode. */
  readonly subject: string | null;
  /** Mode before srx changed it (null: none set at that level). */
  readonly previous: string | null;
  readonly restored: boolean;
}

/** One entry of the id map (--no-preserve-ids). */
export interface IdMapEntry {
  readonly context: string;
  readonly subject: string;
  readonly sourceVersion: number | null;
  readonly version: number | null;
  readonly sourceId: number | null;
  readonly targetId: number | null;
}

/** The result of `srx migrate …` (JSON kind "migration"). */
export interface MigrationResult {
  readonly kind: 'migration';
  readonly id: string;
  readonly migrationKind: 'migrate' | 'sync' | 'import';
  readonly status: MigrationStatus;
  readonly dryRun: boolean;
  readonly source: RegistryRef;
  readonly target: RegistryRef;
  readonly scope: MigrationScope;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly steps: readonly MigrationStepResult[];
  readonly summary: MigrationSummary;
  readonly warnings: readonly MigrationWarning[];
  readonly conflicts: readonly MigrationConflict[];
  readonly modes: readonly ModeChange[];
  readonly idMap?: readonly IdMapEntry[];
  readonly journalPath?: string;
  /** The plan (for --plan-out and `report`); omitted from JSON output by the CLI when large. */
  readonly plan?: MigrationPlan;
}
