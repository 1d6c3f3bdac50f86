import type {
  ErrorCode,
  ExportDocument,
  ExportResult,
  ExportValidationResult,
  MigrationListResult,
  MigrationPlan,
  MigrationReport,
  MigrationResult,
  MigrationStatusResult,
  MissingSchemasResult,
  RegistryComparisonResult,
  RegistryDefaultResult,
  RegistryInfoResult,
  RegistryListResult,
  RegistryTestResult,
  RollbackResult,
  SchemaConflictsResult,
  SchemaDiffResult,
  SubjectNamesResult,
  SyncResult,
} from '../core/index.js';
import type { SyncScheduledResult, SyncStatusResult, SyncStopResult } from './render/sync.js';

/**
 * The machine contract: every document srx prints with `--json`, and the files it writes or reads
 * (plan, export, config). `schemas/*.schema.json` are generated from these types
 * (`npm run schemas`; the config file's from its zod schema); a test fails when they are stale and validates real outputs against them.
 * `schemaVersion` changes only when a field is removed, renamed or changes meaning; new optional
 * fields keep it.
 */
type Printed<T> = T & { readonly schemaVersion: 1 };

/** Every result a command prints, discriminated by `kind` (its `--json` document, less `schemaVersion`). */
export type SrxResult =
  | RegistryListResult
  | RegistryDefaultResult
  | RegistryInfoResult
  | RegistryTestResult
  | RegistryComparisonResult
  | SubjectNamesResult
  | MissingSchemasResult
  | SchemaConflictsResult
  | SchemaDiffResult
  | MigrationResult
  | MigrationStatusResult
  | MigrationListResult
  | RollbackResult
  | MigrationReport
  | SyncResult
  | SyncScheduledResult
  | SyncStatusResult
  | SyncStopResult
  | ExportResult
  | ExportValidationResult;

/** `registry list --json`. */
export type RegistryListOutput = Printed<RegistryListResult>;
/** `registry use --json`. */
export type RegistryDefaultOutput = Printed<RegistryDefaultResult>;
/** `registry info --json`. */
export type RegistryInfoOutput = Printed<RegistryInfoResult>;
/** `registry test --json`. */
export type RegistryTestOutput = Printed<RegistryTestResult>;
/** `compare registries|contexts --json`. */
export type RegistryComparisonOutput = Printed<RegistryComparisonResult>;
/** `compare subjects --json`. */
export type SubjectComparisonOutput = Printed<SubjectNamesResult>;
/** `compare missing --json`. */
export type MissingSchemasOutput = Printed<MissingSchemasResult>;
/** `compare conflicts --json`. */
export type SchemaConflictsOutput = Printed<SchemaConflictsResult>;
/** `compare schema` / `diff --json`. */
export type SchemaDiffOutput = Printed<SchemaDiffResult>;
/** `migrate … --json` (also preview, apply, resume, import). */
export type MigrationOutput = Printed<MigrationResult>;
/** `migrate status --json`. */
export type MigrationStatusOutput = Printed<MigrationStatusResult>;
/** `migrate list --json`. */
export type MigrationListOutput = Printed<MigrationListResult>;
/** `migrate rollback --json`. */
export type MigrationRollbackOutput = Printed<RollbackResult>;
/** `migrate report --format json`. */
export type MigrationReportOutput = Printed<MigrationReport>;
/** `sync schema|context|registries --json`. */
export type SyncOutput = Printed<SyncResult>;
/** `sync schedule --json`. */
export type SyncJobOutput = Printed<SyncScheduledResult>;
/** `sync status --json`. */
export type SyncStatusOutput = Printed<SyncStatusResult>;
/** `sync stop --json`. */
export type SyncStopOutput = Printed<SyncStopResult>;
/** `export --out … --json`. */
export type ExportOutput = Printed<ExportResult>;
/** `export validate --json`. */
export type ExportValidationOutput = Printed<ExportValidationResult>;

/** Any failure with `--json`: a stable `code` (listed in docs/errors.md with its exit code) and a message. */
export interface ErrorOutput {
  readonly schemaVersion: 1;
  readonly kind: 'error';
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly hint?: string;
    readonly registry?: string;
    readonly status?: number;
    readonly errorCode?: number;
  };
}

/** The plan file written by `--plan-out` and read by `migrate apply`. */
export type PlanFile = Printed<MigrationPlan>;
/** An export (`export --out file.json`, or `manifest.json` plus files in a directory export). */
export type ExportFile = ExportDocument;

/** The schema file name of each contract type (kind → type). */
export const CONTRACT_TYPES = {
  'registry-list': 'RegistryListOutput',
  'registry-default': 'RegistryDefaultOutput',
  'registry-info': 'RegistryInfoOutput',
  'registry-test': 'RegistryTestOutput',
  'registry-comparison': 'RegistryComparisonOutput',
  'subject-comparison': 'SubjectComparisonOutput',
  'missing-schemas': 'MissingSchemasOutput',
  'schema-conflicts': 'SchemaConflictsOutput',
  'schema-diff': 'SchemaDiffOutput',
  migration: 'MigrationOutput',
  'migration-status': 'MigrationStatusOutput',
  'migration-list': 'MigrationListOutput',
  'migration-rollback': 'MigrationRollbackOutput',
  'migration-report': 'MigrationReportOutput',
  sync: 'SyncOutput',
  'sync-job': 'SyncJobOutput',
  'sync-status': 'SyncStatusOutput',
  'sync-stop': 'SyncStopOutput',
  export: 'ExportOutput',
  'export-validation': 'ExportValidationOutput',
  error: 'ErrorOutput',
  'plan-file': 'PlanFile',
  'export-file': 'ExportFile',
} as const;
