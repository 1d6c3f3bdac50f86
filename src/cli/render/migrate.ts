import type { MigrationConflict, MigrationListResult, MigrationResult, MigrationStatusResult, MigrationStepResult, RollbackResult } from '../../core/index.js';
import { clean, paint, table, type RenderOptions } from './text.js';

const MAX_ROWS = 50;

function subjectName(context: string, subject: string | null): string {
  // A context-level step (its compatibility) has no subject: null, or '' in plan steps.
  if (subject === null || subject === '') return context === '.' ? '(registry)' : `(context ${context})`;
  return context === '.' ? subject : `:${context}:${subject}`;
}

function ids(s: { action: string; sourceId: number | null; targetId: number | null }): string {
  if (s.action === 'set-compatibility') return '-';
  return `${s.sourceId ?? '-'} → ${s.targetId ?? '(assigned)'}`;
}

function statusText(status: string, opts: RenderOptions): string {
  const c = paint(opts);
  if (status === 'completed' || status === 'applied' || status === 'rolled-back') return c.green(status);
  if (status === 'failed' || status === 'refused') return c.red(status);
  if (status === 'partial' || status === 'interrupted' || status === 'pending') return c.yellow(status);
  return status;
}

/** The steps worth showing: every write (and failures), skips only with --verbose; capped unless verbose. */
function visibleSteps(steps: readonly MigrationStepResult[], opts: RenderOptions): MigrationStepResult[] {
  const shown = opts.verbose ? [...steps] : steps.filter((s) => s.status !== 'skipped' || s.action !== 'skip');
  return opts.verbose ? shown : shown.slice(0, MAX_ROWS);
}

/** `srx migrate …` as text: the plan/outcome table, conflicts, warnings, modes, a summary line. */
export function renderMigration(result: MigrationResult, opts: RenderOptions): string {
  const c = paint(opts);
  const lines: string[] = [];
  const title = result.dryRun ? c.bold('migration plan') : result.journalPath ? `${c.bold('migration')} ${result.id}` : c.bold('migration');
  lines.push(
    `${title}  ${clean(result.source.name)} → ${clean(result.target.name)}  ${statusText(result.status, opts)}${result.dryRun ? ' (dry run: nothing written)' : ''}`,
  );
  const steps = visibleSteps(result.steps, opts);
  if (steps.length) {
    lines.push('');
    lines.push(
      table(
        ['action', 'subject', 'version', 'source id → target id', 'status', 'why'],
        steps.map((s) => [
          s.action,
          subjectName(s.context, s.subject),
          s.version ?? '-',
          ids(s),
          statusText(s.status, opts),
          s.error?.message ?? s.reason ?? '',
        ]),
        opts,
      ).trimEnd(),
    );
    const hidden = result.steps.length - steps.length;
    if (hidden > 0) lines.push(c.dim(`… ${hidden} more step(s) (skips and the rest: --verbose or --json)`));
  }
  if (result.conflicts.length) {
    lines.push('', c.bold(c.red(`conflicts (${result.conflicts.length})`)));
    for (const conflict of result.conflicts.slice(0, opts.verbose ? undefined : MAX_ROWS)) lines.push(`  ${c.red(conflict.type)}  ${clean(conflict.message)}`);
  }
  if (result.warnings.length) {
    lines.push('', c.bold(`warnings (${result.warnings.length})`));
    for (const w of result.warnings.slice(0, opts.verbose ? undefined : MAX_ROWS)) lines.push(`  ${c.yellow(w.type)}  ${clean(w.message)}`);
  }
  const modes = result.modes.filter((m) => !m.restored);
  if (modes.length) {
    lines.push('', c.bold(c.red('modes NOT restored')));
    for (const m of modes) lines.push(`  ${subjectName(m.context, m.subject)}: was ${m.previous ?? '(none)'}`);
  }
  const s = result.summary;
  lines.push(
    '',
    `${result.dryRun ? `${s.planned} planned, ` : ''}${s.registered} registered, ${s.softDeleted} soft-deleted, ${s.configured} config, ${s.skipped} skipped, ${s.failed} failed${s.pending ? `, ${s.pending} not run` : ''}${s.conflicts ? `, ${s.conflicts} conflict(s)` : ''}`,
  );
  if (result.journalPath) lines.push(c.dim(`journal: ${result.journalPath}`));
  const blocked = blockedLine(result);
  if (blocked) lines.push(c.bold(blocked));
  return `${lines.join('\n')}\n`;
}

/** Which option unblocks which conflict type (none for cycles: the source must change). */
const UNBLOCK: Partial<Record<MigrationConflict['type'], string>> = {
  content: '--on-conflict skip leaves the subjects with content conflicts out',
  'schema-type': '--on-conflict skip leaves the subjects with schema-type conflicts out',
  'id-collision': '--no-preserve-ids lets the target assign ids (or --on-conflict skip)',
  'version-occupied': '--on-conflict skip leaves the subjects with occupied versions out',
  'import-not-possible': '--force-import allows IMPORT on subjects with live versions (or --no-preserve-ids)',
  'id-not-preservable': '--no-preserve-ids lets the target assign ids',
  'dangling-reference': '--with-references pulls referenced subjects in (or migrate them first)',
  'subject-not-addressable': 'rename the subject, or migrate to a registry that decodes escaped paths (or --on-conflict skip)',
  'target-readonly': "set the target's mode to READWRITE first (srx never overrides READONLY), or --on-conflict skip",
};

/** For a plan its conflicts blocked: one line saying nothing was (or would be) written, and what unblocks it. */
export function blockedLine(result: MigrationResult): string | undefined {
  const s = result.summary;
  if (!result.conflicts.length || s.registered || s.softDeleted || s.configured || s.failed) return undefined;
  const types = [...new Set(result.conflicts.map((conflict) => conflict.type))];
  // A target whose modes are read-only (Karapace) cannot enter IMPORT at all: --force-import would not help.
  const readOnlyModes = result.conflicts.some((conflict) => conflict.type === 'import-not-possible' && conflict.message.includes('modes are read-only'));
  const hints = types.map((type) =>
    type === 'import-not-possible' && readOnlyModes
      ? '--no-preserve-ids lets the target assign ids (it cannot enter IMPORT mode)'
      : (UNBLOCK[type] ?? `${type}: change the source`),
  );
  return `nothing ${result.dryRun ? 'would be' : 'was'} written: ${result.conflicts.length} conflict(s) block the plan; ${hints.join('; ')}`;
}

/** `srx migrate status` as text. */
export function renderMigrationStatus(result: MigrationStatusResult, opts: RenderOptions): string {
  const c = paint(opts);
  const n = result.counts;
  const lines = [
    `${c.bold('migration')} ${result.id}  ${statusText(result.status, opts)}${result.running ? ' (running now)' : ''}`,
    `  ${result.migrationKind}: ${clean(result.source.name)} → ${clean(result.target.name)}   scope: ${scopeText(result.scope)}`,
    `  started ${result.startedAt}${result.finishedAt ? `, finished ${result.finishedAt}` : ''}`,
    `  steps: ${n.planned} planned, ${n.registered} registered, ${n.softDeleted} soft-deleted, ${n.configured} config, ${n.failed} failed${n.rolledBack ? `, ${n.rolledBack} rolled back` : ''}`,
  ];
  if (result.failures.length) {
    lines.push('', c.bold('failures'));
    for (const f of result.failures.slice(0, opts.verbose ? undefined : MAX_ROWS))
      lines.push(`  ${subjectName(f.context, f.subject)} v${f.version ?? '-'}: ${clean(f.error)}`);
  }
  if (result.modesLeftChanged.length) {
    lines.push('', c.bold(c.red('modes left changed by an interrupted run')) + ' (run `srx migrate resume ' + result.id + '`)');
    for (const m of result.modesLeftChanged) lines.push(`  ${subjectName(m.context, m.subject)}: IMPORT, was ${m.previous ?? '(none)'}`);
  }
  lines.push(c.dim(`journal: ${result.journalPath}`));
  return `${lines.join('\n')}\n`;
}

function scopeText(scope: MigrationStatusResult['scope']): string {
  const parts: string[] = [];
  parts.push(scope.contexts ? `contexts ${scope.contexts.join(',')}` : 'all contexts');
  if (scope.targetContext) parts.push(`→ ${scope.targetContext}`);
  if (scope.subjects?.length) parts.push(`subjects ${scope.subjects.join(',')}`);
  if (scope.exclude?.length) parts.push(`exclude ${scope.exclude.join(',')}`);
  return parts.join(' ');
}

/** `srx migrate list` as text. */
export function renderMigrationList(result: MigrationListResult, opts: RenderOptions): string {
  if (!result.migrations.length) return 'no migrations recorded in this state directory\n';
  return table(
    ['id', 'started', 'kind', 'source → target', 'scope', 'status', 'registered', 'failed'],
    result.migrations.map((m) => [
      m.id,
      m.startedAt,
      m.migrationKind,
      `${m.source.name} → ${m.target.name}`,
      scopeText(m.scope),
      statusText(m.error ? 'corrupt' : m.status, opts),
      m.counts.registered,
      m.counts.failed,
    ]),
    opts,
  );
}

/** `srx migrate rollback` as text. */
export function renderRollback(result: RollbackResult, opts: RenderOptions): string {
  const c = paint(opts);
  const lines = [
    `${c.bold('rollback of')} ${result.id} in ${clean(result.target.name)}  ${statusText(result.status, opts)}${result.dryRun ? ' (dry run: nothing written)' : ''}`,
  ];
  if (result.changedSince.length) {
    lines.push(
      '',
      c.bold(c.yellow('the target changed since the migration')) + (result.status === 'refused' ? ' (nothing deleted; --force to roll back anyway)' : ''),
    );
    for (const ch of result.changedSince) lines.push(`  ${subjectName(ch.context, ch.subject)}: ${clean(ch.message)}`);
  }
  if (result.actions.length) {
    lines.push(
      '',
      table(
        ['action', 'subject', 'version', 'what', 'status'],
        result.actions.map((a) => [
          a.action,
          subjectName(a.context, a.subject),
          a.version ?? '-',
          a.error ? `${a.detail}: ${a.error}` : a.detail,
          statusText(a.status, opts),
        ]),
        opts,
      ).trimEnd(),
    );
  } else lines.push('', 'nothing to roll back');
  return `${lines.join('\n')}\n`;
}
