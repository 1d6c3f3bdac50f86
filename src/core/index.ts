/**
 * The front door of core: the only core module src/cli and src/mcp import (the architecture test says so).
 *
 * Behind it, the pipeline every command follows: snapshot (read a registry or an export) → diff (pure) →
 * plan (pure) → apply (writes, IMPORT modes) → journal, composed into one verb a file in operations/.
 *
 * What start-up needs, and what is small, is re-exported as it is. The operations, and what they pull in
 * (avsc, protobufjs, the compatibility checkers, cosmiconfig), load on their first call: `lazy` gives a
 * function with the same arguments whose result is a promise, so `srx --help` loads none of them.
 * Types cost nothing at run time.
 */

/** A function of a module loaded on its first call: the same arguments, its result as a promise. */
function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never {
  const call = async (...args: unknown[]): Promise<unknown> => ((await load())[name] as (...a: unknown[]) => unknown)(...args);
  return call as never;
}

// ── Errors, keys and small helpers (loaded at start-up) ─────────────────────────────────────────────
export {
  ConfigError,
  ExportFormatError,
  InternalError,
  InterruptedError,
  JournalCorruptError,
  MigrationLockedError,
  RefusedError,
  RegistryError,
  SrxError,
  UsageError,
  errnoOf,
  fileError,
  fileFailure,
  hasErrorCode,
  messageOf,
} from './errors.js';
export type { ErrorCode, RegistryErrorDetails } from './errors.js';
export { contextSubjectOf, keyOf, partsOf } from './keys.js';
export { silentProgress } from './progress.js';
export type { Progress } from './progress.js';

// ── Configuration and registries ────────────────────────────────────────────────────────────────────
export type { RegistryEntry, SrxConfig } from './config/types.js';
export { Redactor, maskUrl } from './config/redact.js';
const loadConfigModule = () => import('./config/load-config.js');
/** Finds, loads and validates the configuration (cosmiconfig and zod load here, on first use). */
export const loadConfig = lazy(loadConfigModule, 'loadConfig');
/** A registry entry for a URL given on the command line. */
export const adHocEntry = lazy(loadConfigModule, 'adHocEntry');
export { HttpRegistryClient, type ClientOptions } from './registry/http-registry-client.js';
export { packageFile } from './package-root.js';
export type { TransportOptions } from './registry/http-transport.js';
export { isValidContext, normalizeContext, parseQualifiedSubject, qualifySubject } from './registry/paths.js';
export { listRegistries, resolveDefaultRegistry } from './operations/registry-list.js';
export type { RegistryDefaultResult, RegistryListItem, RegistryListResult } from './operations/registry-list.js';
export const readRegistryInfo = lazy(() => import('./operations/registry-info.js'), 'readRegistryInfo');
export type { Capability, RegistryInfoResult } from './operations/registry-info.js';
export const testRegistries = lazy(() => import('./operations/registry-test.js'), 'testRegistries');
export type { RegistryTestResult } from './operations/registry-test.js';

// ── Snapshot and diff: compare ──────────────────────────────────────────────────────────────────────
export type { LiveSource, SnapshotSource } from './snapshot/types.js';
export { parseGlobList } from './snapshot/glob.js';
export type { Change, SubjectComparison } from './diff/types.js';
const compareModule = () => import('./operations/compare.js');
export const compareRegistries = lazy(compareModule, 'compareRegistries');
export const compareSubjectNames = lazy(compareModule, 'compareSubjectNames');
export const findMissingSchemas = lazy(compareModule, 'findMissingSchemas');
export const findConflicts = lazy(() => import('./operations/compare-conflicts.js'), 'findConflicts');
export const diffSchema = lazy(() => import('./operations/compare-schema.js'), 'diffSchema');
export type {
  CompareOptions,
  MissingSchemasResult,
  RegistryComparisonResult,
  SchemaConflictsResult,
  SchemaDiffResult,
  SemanticSummary,
  SubjectNamesResult,
} from './operations/compare-types.js';

// ── Plan, apply, journal: migrate ───────────────────────────────────────────────────────────────────
export type {
  MigrationConflict,
  MigrationPlan,
  MigrationPolicy,
  MigrationRequest,
  MigrationResult,
  MigrationScope,
  MigrationStepResult,
  VersionsPolicy,
} from './plan/types.js';
export { parsePlanFile } from './plan/plan-file.js';
export const runMigration = lazy(() => import('./operations/migrate.js'), 'runMigration');
export const resumeMigration = lazy(() => import('./operations/resume-migration.js'), 'resumeMigration');
export const rollbackMigration = lazy(() => import('./operations/rollback.js'), 'rollbackMigration');
export type { RollbackResult } from './operations/rollback.js';
export const reportMigration = lazy(() => import('./operations/migration-report.js'), 'reportMigration');
export type { MigrationReport } from './operations/migration-report.js';
const historyModule = () => import('./journal/history.js');
export const findJournal = lazy(historyModule, 'findJournal');
export const summarizeJournal = lazy(historyModule, 'summarizeJournal');
export const listMigrations = lazy(historyModule, 'listMigrations');
export const readMigrationHeader = lazy(historyModule, 'readMigrationHeader');
export type { MigrationListResult, MigrationStatusResult } from './journal/history.js';

// ── Export and import ───────────────────────────────────────────────────────────────────────────────
export type { ExportDocument, ExportLayout } from './export/format.js';
export const readExport = lazy(() => import('./export/load-export.js'), 'readExport');
export const runExport = lazy(() => import('./operations/export.js'), 'runExport');
export type { ExportResult } from './operations/export.js';
export const runExportValidate = lazy(() => import('./operations/export-validate.js'), 'runExportValidate');
export type { ExportValidationResult } from './operations/export-validate.js';
export type { FindingSeverity } from './operations/validation-findings.js';

// ── Sync: one-shot, scheduled jobs, their store ─────────────────────────────────────────────────────
export const runSync = lazy(() => import('./operations/sync.js'), 'runSync');
export type { SyncResult } from './operations/sync.js';
const syncJobModule = () => import('./operations/sync-job.js');
export const registerSyncJob = lazy(syncJobModule, 'registerSyncJob');
export const createSyncJobRunner = lazy(syncJobModule, 'createSyncJobRunner');
export const stopSyncJob = lazy(() => import('./sync/stop-job.js'), 'stopSyncJob');
export type { SyncStopOutcome } from './sync/stop-job.js';
export { SYNC_DIRECTIONS } from './sync/types.js';
export type { SyncDirection, SyncJobDefinition, SyncJobState, SyncPolicy, SyncRunRecord, SyncScope } from './sync/types.js';
export { SyncJobStore, newSyncJobId } from './sync/job-store.js';
export { describeJob } from './sync/job-status.js';
export type { SyncJobStatus } from './sync/job-status.js';
export { parseInterval } from './sync/interval.js';
export { migrationPolicyOf, migrationScopeOf } from './sync/scope.js';
export { processStartTime } from './sync/process-info.js';
export { runSyncJob } from './sync/run-sync-job.js';

// ── The state directory ─────────────────────────────────────────────────────────────────────────────
export { STATE_FILE_MODE, ensureDir, readDefaultRegistry, resolveStateDir, writeDefaultRegistry } from './state/state-dir.js';
export { rotationFromEnv } from './state/rotating-file.js';
