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
