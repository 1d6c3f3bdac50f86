import { CommanderError } from 'commander';
import { InterruptedError, RegistryError, SrxError, UsageError } from '../core/errors.js';
import type { SrxResult } from './contract.js';

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

/** What `--fail-on` can select (SPEC section 4: exit 1 on findings). */
export const FAIL_ON = ['missing', 'conflicts', 'differences', 'breaking'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** What one compare result found, per `--fail-on` kind. */
export type Findings = Readonly<Record<FailOn, boolean>>;

/**
 * The only mapping from a result to an exit code (beside exitCodeFor, errors'): findings are 1 (or, with
 * `--fail-on`, 1 only for the selected kinds), a partial write 4, an interrupted one 130, a refusal 2.
 */
export function exitCodeForResult(result: SrxResult, failOn?: ReadonlySet<FailOn>): number {
  const findings = findingsOf(result);
  if (findings) return failOn ? ([...failOn].some((kind) => findings[kind]) ? ExitCode.findings : ExitCode.ok) : findings.differences ? ExitCode.findings : ExitCode.ok;
  switch (result.kind) {
    case 'registry-test':
      return result.ok ? ExitCode.ok : ExitCode.registry;
    case 'export-validation':
      return result.valid ? ExitCode.ok : ExitCode.findings;
    case 'migration-report':
      return result.summary.conflicts > 0 ? ExitCode.findings : ExitCode.ok;
    case 'migration':
      if (result.status === 'interrupted') return ExitCode.interrupted;
      if (result.status === 'partial' || (result.status === 'failed' && result.summary.failed > 0)) return ExitCode.partial;
      return result.conflicts.length ? ExitCode.findings : ExitCode.ok;
    case 'migration-rollback':
      return result.status === 'refused' ? ExitCode.usage : result.status === 'partial' ? ExitCode.partial : ExitCode.ok;
    case 'sync':
      if (result.status === 'interrupted') return ExitCode.interrupted;
      if (result.status === 'partial') return ExitCode.partial;
      if (result.status === 'failed') return ExitCode.registry;
      return result.status === 'conflicts' ? ExitCode.findings : ExitCode.ok;
    default:
      return ExitCode.ok;
  }
}

/** What a compare result found, per `--fail-on` kind (`differences`: the command's usual exit-1 condition); null for other results. */
function findingsOf(result: SrxResult): Findings | null {
  switch (result.kind) {
    case 'registry-comparison': {
      // Info changes (ids with --ignore-ids) are not differences.
      const differences = result.changes.some((c) => c.severity !== 'info');
      return {
        missing: result.summary.versionsMissingInTarget > 0 || result.summary.subjectsOnlyInSource > 0,
        conflicts: result.changes.some((c) => c.severity === 'conflict'),
        differences,
        breaking: (result.verdicts ?? []).some((v) => !v.isCompatible),
      };
    }
    case 'subject-comparison':
      return { missing: result.onlyInSource.length > 0, conflicts: false, differences: result.onlyInSource.length + result.onlyInTarget.length > 0, breaking: false };
    case 'missing-schemas':
      return { missing: result.missing.length > 0, conflicts: false, differences: result.missing.length > 0, breaking: false };
    case 'schema-conflicts':
      return { missing: false, conflicts: result.conflicts.length > 0, differences: result.conflicts.length > 0, breaking: result.summary.incompatible > 0 };
    case 'schema-diff':
      return {
        missing: result.status === 'missing-in-target',
        conflicts: Boolean(result.source && result.target && result.source.schemaType !== result.target.schemaType),
        differences: result.status !== 'identical',
        breaking: Boolean(result.semantic?.isBreaking),
      };
    default:
      return null;
  }
}
