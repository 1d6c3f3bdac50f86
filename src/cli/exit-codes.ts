import { CommanderError } from 'commander';
import { InterruptedError, RegistryError, SrxError, UsageError } from '../core/errors.js';

/** Exit codes, the same for every command (SPEC section 2). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  registry: 3,
  partial: 4,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The only mapping from an error to an exit code. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : ExitCode.usage;
  if (error instanceof InterruptedError) return ExitCode.interrupted;
  if (error instanceof RegistryError) return error.code === 'E_INTERRUPTED' ? ExitCode.interrupted : ExitCode.registry;
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof SrxError) return ExitCode.usage;
  return 70; // internal error: a bug
}

/** A failure as results carry it: srx's stable code and the registry's `error_code` where it sent one. */
export interface FailureCodes {
  readonly code?: string;
  readonly errorCode?: number;
}

/** Consequences of another failure (a dependency not migrated): they say nothing about the registry. */
const CONSEQUENCES = new Set(['E_MIGRATE_DEPENDENCY']);

/**
 * Exit code of a write command that wrote nothing although it tried (never 4, "partial"): 2 when every failure is
 * a refusal by a registry that answered (a 4xx with a registry `error_code`, not 401/403; or srx's own refusal,
 * e.g. a capability the target lacks), 3 when any is unreachable, authentication, a 5xx or a malformed answer.
 */
export function nothingWrittenExitCode(failures: readonly FailureCodes[]): number {
  const causes = failures.filter((f) => !CONSEQUENCES.has(f.code ?? ''));
  const refused = (f: FailureCodes) => {
    const code = f.code ?? '';
    if (code === 'E_REGISTRY_HTTP') return f.errorCode !== undefined && f.errorCode >= 40000 && f.errorCode < 50000 && ![401, 403].includes(Math.floor(f.errorCode / 100));
    return !/^E_REGISTRY_/.test(code) && code !== 'E_INTERRUPTED';
  };
  return causes.length > 0 && causes.every(refused) ? ExitCode.usage : ExitCode.registry;
}
