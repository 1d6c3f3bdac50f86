import { InterruptedError, RegistryError, SrxError, UsageError } from '../core/index.js';
import { CommanderError } from 'commander';
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
  if (findings)
    return failOn ? ([...failOn].some((kind) => findings[kind]) ? ExitCode.findings : ExitCode.ok) : findings.differences ? ExitCode.findings : ExitCode.ok;
  switch (result.kind) {
    case 'registry-test':
      return result.ok ? ExitCode.ok : ExitCode.registry;
    case 'export-validation':
      return result.valid ? ExitCode.ok : ExitCode.findings;
    case 'migration-report':
      return result.summary.conflicts > 0 ? ExitCode.findings : ExitCode.ok;
    case 'migration':
      if (result.status === 'interrupted') return ExitCode.interrupted;
      if (result.status === 'partial') return ExitCode.partial;
      // Steps failed and none applied: nothing written is a refusal (2) or an unreachable registry (3), never partial.
      if (result.status === 'failed' && result.summary.failed > 0) return nothingWrittenExitCode(failedSteps(result.steps));
      return result.conflicts.length ? ExitCode.findings : ExitCode.ok;
    case 'migration-rollback':
      if (result.status === 'refused') return ExitCode.usage;
      if (result.status === 'partial') return ExitCode.partial;
      return result.status === 'failed' ? nothingWrittenExitCode(result.actions.filter((a) => a.status === 'failed')) : ExitCode.ok;
    case 'sync':
      if (result.status === 'interrupted') return ExitCode.interrupted;
      if (result.status === 'partial') return ExitCode.partial;
      if (result.status === 'failed')
        return result.summary.failed > 0 ? nothingWrittenExitCode(result.migrations.flatMap((m) => failedSteps(m.steps))) : ExitCode.registry;
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
      return {
        missing: result.onlyInSource.length > 0,
        conflicts: false,
        differences: result.onlyInSource.length + result.onlyInTarget.length > 0,
        breaking: false,
      };
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

function failedSteps(steps: readonly { readonly status: string; readonly error?: { readonly code: string; readonly errorCode?: number } }[]): FailureCodes[] {
  return steps.filter((s) => s.status === 'failed').map((s) => ({ code: s.error?.code, errorCode: s.error?.errorCode }));
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
    if (code === 'E_REGISTRY_HTTP')
      return f.errorCode !== undefined && f.errorCode >= 40000 && f.errorCode < 50000 && ![401, 403].includes(Math.floor(f.errorCode / 100));
    return !/^E_REGISTRY_/.test(code) && code !== 'E_INTERRUPTED';
  };
  return causes.length > 0 && causes.every(refused) ? ExitCode.usage : ExitCode.registry;
}
