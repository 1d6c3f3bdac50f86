/**
 * Typed errors. Every failure srx can explain is an SrxError with a stable `code`
 * ('E_…', part of the JSON output) and an optional `hint` (the next step for a human).
 * cli/exit-codes.ts is the only place that maps them to exit codes.
 */
import type { ErrorCode } from './error-codes.js';

export type { ErrorCode } from './error-codes.js';

export class SrxError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flags or arguments, bad configuration, a refused write. Exit 2. */
export class UsageError extends SrxError {}

/** Configuration could not be loaded or is invalid. Exit 2. */
export class ConfigError extends UsageError {}

/** A write refused by srx itself (readonly registry, unconfirmed protected write). Exit 2. */
export class RefusedError extends UsageError {}

/** Fields that describe a failed registry call. */
export interface RegistryErrorDetails {
  readonly registry: string;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly errorCode?: number;
}

/** HTTP, network, TLS or auth failure talking to a registry, after retries. Exit 3. */
export class RegistryError extends SrxError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly details: RegistryErrorDetails,
    hint?: string,
    options?: ErrorOptions,
  ) {
    super(code, message, hint, options);
  }

  /** The registry's own `error_code` (40401, 42205, ...), when it sent one. */
  get errorCode(): number | undefined {
    return this.details.errorCode;
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

/** The run was interrupted by SIGINT/SIGTERM (after cleanup). Exit 130. */
export class InterruptedError extends SrxError {
  constructor(message = 'interrupted') {
    super('E_INTERRUPTED', message);
  }
}

/** An export file or directory is corrupt, truncated or of an unknown format. Exit 2. */
export class ExportFormatError extends UsageError {}

/** The journal of a migration was tampered with or is unreadable. Exit 2. */
export class JournalCorruptError extends UsageError {}

/** An invariant srx relies on is broken: a bug. Printed with "please report" and the stack. */
export class InternalError extends Error {}

/** True when `error` is a RegistryError carrying one of the given registry error codes. */
export function hasErrorCode(error: unknown, ...codes: number[]): boolean {
  return error instanceof RegistryError && error.errorCode !== undefined && codes.includes(error.errorCode);
}

/** Another srx process holds the migration lock for this target in this state directory. Exit 2. */
export class MigrationLockedError extends RefusedError {}

/** The message of anything thrown: an error's `message`, else its string form. */
export function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}

/** A Node system error's code (ENOENT, EEXIST, EPERM, ...), when the thrown value has one. */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Why a file operation failed, as srx says it everywhere: the errno code where Node gives one, else the message. */
export function fileFailure(error: unknown): string {
  return errnoOf(error) ?? messageOf(error);
}

/** The one message for a file srx could not read or write (E_USAGE_FILE, exit 2). */
export function fileError(verb: 'read' | 'write', path: string, error: unknown): UsageError {
  return new UsageError('E_USAGE_FILE', `cannot ${verb} ${path}: ${fileFailure(error)}`, undefined, { cause: error });
}
