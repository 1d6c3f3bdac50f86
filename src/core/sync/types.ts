/** Which way a sync copies: source → target, target → source, or both ways (conflicts reported, not copied). */
export type SyncDirection = 'source-to-target' | 'target-to-source' | 'bidirectional';

/** Every direction, in help order. */
export const SYNC_DIRECTIONS: readonly SyncDirection[] = ['source-to-target', 'target-to-source', 'bidirectional'];

/** What a sync covers: the whole registry (optionally some contexts), one context, or one subject. */
export type SyncScope =
  | { readonly kind: 'registry'; readonly contexts?: readonly string[] }
  | { readonly kind: 'context'; readonly context: string }
  | { readonly kind: 'subject'; readonly subject: string; readonly context: string };

/** The migration options a sync passes on (SPEC section 5 common options). */
export interface SyncPolicy {
  readonly preserveIds: boolean;
  readonly versions: 'all' | 'latest' | readonly number[];
  readonly includeDeleted: boolean;
  readonly withReferences: boolean;
  readonly copyConfig: boolean;
  readonly forceImport: boolean;
  readonly propagateDeletes: boolean;
}

/**
 * A scheduled job as stored in `<state>/sync/<id>/job.json`. It holds registry NAMES (or
 * credential-free URLs / export paths), never secrets: the worker re-reads configuration.
 */
export interface SyncJobDefinition {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly scope: SyncScope;
  readonly direction: SyncDirection;
  readonly intervalMs: number;
  readonly policy: SyncPolicy;
  readonly createdAt: string;
  /** Working directory and `--config` file the worker resolves registries from. */
  readonly cwd: string;
  readonly configFile?: string;
  readonly foreground: boolean;
}

/** What the worker writes about itself in `<state>/sync/<id>/state.json`. */
export interface SyncWorkerState {
  readonly pid: number;
  /** Kernel start time of the process (Linux), so a reused pid is not mistaken for the worker. */
  readonly processStart?: string;
  readonly phase: 'starting' | 'running' | 'stopping' | 'stopped';
  readonly startedAt: string;
  readonly heartbeatAt?: string;
  readonly runningSince?: string;
  readonly nextRunAt?: string;
  readonly stoppedAt?: string;
  readonly stopReason?: string;
}

/** The outcome of one sync run, whatever ran it. */
export interface SyncRunOutcome {
  readonly status: 'completed' | 'conflicts' | 'partial' | 'failed' | 'interrupted';
  readonly migrationIds: readonly string[];
  /** Versions registered in a target. */
  readonly copied: number;
  /** Versions deleted in a target (--propagate-deletes). */
  readonly deleted: number;
  readonly conflicts: number;
  /** Failed steps, or 1 for a run that failed as a whole. */
  readonly errors: number;
  readonly error?: string;
  /** True when the run found both listings unchanged since the last clean run and read nothing more. */
  readonly unchanged?: boolean;
}

/** Both sides' listing fingerprints after a clean run, and how many runs were skipped on them since. */
export interface SyncFingerprint {
  readonly source: string;
  readonly target: string;
  readonly skipped: number;
}

/** One line of `<state>/sync/<id>/runs.jsonl`. */
export interface SyncRunRecord extends SyncRunOutcome {
  readonly run: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
}

/** A job's state as `srx sync status` reports it. */
export type SyncJobState = 'running' | 'stopped' | 'dead' | 'failing';
