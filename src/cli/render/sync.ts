import type { SyncJobState, SyncJobStatus, SyncResult, SyncRunRecord, SyncStopOutcome } from '../../core/index.js';
import { clean, paint, table, type RenderOptions } from './text.js';

/** `srx sync status` (JSON kind "sync-status"). */
export interface SyncStatusResult {
  readonly kind: 'sync-status';
  readonly jobs: readonly SyncJobStatus[];
}

/** `srx sync schedule` (JSON kind "sync-job"): the job just started. */
export type SyncScheduledResult = { readonly kind: 'sync-job' } & SyncJobStatus;

/** `srx sync stop` (JSON kind "sync-stop"). */
export interface SyncStopResult {
  readonly kind: 'sync-stop';
  readonly jobs: readonly (SyncStopOutcome & { readonly state: SyncJobState })[];
}

/** A one-shot sync: migrations run, counts, conflicts. */
export function renderSyncResult(result: SyncResult, opts: RenderOptions): string {
  const c = paint(opts);
  const lines: string[] = [];
  for (const m of result.migrations) {
    lines.push(
      `${c.bold(m.id)}  ${m.direction === 'source-to-target' ? `${result.source.name} → ${result.target.name}` : `${result.target.name} → ${result.source.name}`}  ${m.status}${m.dryRun ? ' (dry run)' : ''}`,
    );
  }
  const s = result.summary;
  const verb = result.dryRun ? 'would copy' : 'copied';
  lines.push(
    `${statusWord(result.status, c)}: ${verb} ${plural(s.copied, 'version')}, ${s.deleted} deleted, ${plural(s.configured, 'config')}, ${s.skipped} skipped, ${s.failed} failed, ${plural(s.conflicts, 'conflict')}`,
  );
  if (result.conflicts.length) {
    lines.push('', c.bold('Conflicts (neither side changed):'));
    lines.push(
      table(
        ['DIRECTION', 'TYPE', 'SUBJECT', 'VERSION', 'MESSAGE'],
        result.conflicts.map((k) => [k.direction, k.type, qualified(k.context, k.subject), k.version ?? '', k.message]),
        opts,
      ).trimEnd(),
    );
  }
  const failed = result.migrations.flatMap((m) => m.steps.filter((step) => step.status === 'failed'));
  if (failed.length) {
    lines.push('', c.bold('Failed steps:'));
    lines.push(
      table(
        ['ACTION', 'SUBJECT', 'VERSION', 'ERROR'],
        failed.map((st) => [st.action, qualified(st.context, st.subject), st.version ?? '', st.error?.message ?? '']),
        opts,
      ).trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The job just scheduled: its id first. */
export function renderSyncScheduled(result: SyncScheduledResult, _opts: RenderOptions): string {
  return [
    `${result.id}`,
    `sync job ${result.id} started (pid ${result.pid ?? '?'}): ${clean(result.source)} → ${clean(result.target)}, ${result.scope}, ${result.direction}, every ${result.interval}`,
    `log: ${result.logPath}`,
    `status: srx sync status ${result.id}    stop: srx sync stop ${result.id}`,
    '',
  ].join('\n');
}

/**
 * The jobs, in 80 columns: id, route, interval, state, last run and next run (times UTC, `MM-DD HH:MM`).
 * With --verbose the wide table (scope, direction, full results) and, for one job, its recent runs.
 */
export function renderSyncStatus(result: SyncStatusResult, opts: RenderOptions): string {
  const c = paint(opts);
  if (result.jobs.length === 0) return 'no sync jobs\n';
  if (!opts.verbose) {
    const rows = result.jobs.map((j) => [
      j.id,
      truncate(clean(`${j.source} → ${j.target}`), 16),
      j.interval,
      stateWord(j.state, c),
      j.lastRun ? `${shortTime(j.lastRun.finishedAt)} ${shortResult(j.lastRun)}` : '-',
      j.runningSince ? 'running' : j.nextRunAt ? shortTime(j.nextRunAt) : '-',
    ]);
    return `${table(['ID', 'ROUTE', 'EVERY', 'STATE', 'LAST RUN', 'NEXT'], rows, opts)}${c.dim('(-v for scope, direction, results and recent runs)')}\n`;
  }
  const rows = result.jobs.map((j) => [
    j.id,
    `${j.source} → ${j.target}`,
    j.scope,
    j.direction,
    j.interval,
    stateWord(j.state, c),
    j.startedAt ?? j.createdAt,
    j.lastRun?.finishedAt ?? '',
    j.lastRun ? runSummary(j.lastRun) : '',
    j.runningSince ? 'running now' : (j.nextRunAt ?? ''),
  ]);
  let text = table(['ID', 'SOURCE → TARGET', 'SCOPE', 'DIRECTION', 'INTERVAL', 'STATE', 'STARTED', 'LAST RUN', 'RESULT', 'NEXT RUN'], rows, opts);
  const one = result.jobs.length === 1 ? result.jobs[0] : undefined;
  if (one?.recentRuns?.length) {
    text += `\n${c.bold(`Runs (${one.runs} in all, ${one.failedRuns} failed; log ${one.logPath}):`)}\n`;
    text += table(
      ['RUN', 'STARTED', 'MS', 'RESULT', 'MIGRATIONS'],
      one.recentRuns.map((r) => [r.run, r.startedAt, r.durationMs, runSummary(r), r.migrationIds.join(' ')]),
      opts,
    );
  }
  return text;
}

/** What stop did, one line per job. */
export function renderSyncStop(result: SyncStopResult, _opts: RenderOptions): string {
  if (result.jobs.length === 0) return 'no running sync jobs\n';
  const say = { stopped: 'stopped (worker exited)', 'already-stopped': 'was already stopped', 'was-dead': 'stopped (its worker was not running)' } as const;
  return result.jobs.map((j) => `${j.id}: ${say[j.outcome]}${j.pid ? ` pid ${j.pid}` : ''}\n`).join('');
}

function runSummary(run: SyncRunRecord): string {
  const base = `${run.status}: ${run.copied} copied, ${run.deleted} deleted, ${run.conflicts} conflicts, ${run.errors} errors`;
  return run.error ? `${base} (${truncate(clean(run.error), 80)})` : base;
}

function stateWord(state: SyncJobState, c: ReturnType<typeof paint>): string {
  if (state === 'running') return c.green(state);
  if (state === 'failing' || state === 'dead') return c.red(state);
  return state;
}

function statusWord(status: SyncResult['status'], c: ReturnType<typeof paint>): string {
  if (status === 'completed' || status === 'planned') return c.green(status);
  if (status === 'conflicts') return c.yellow(status);
  return c.red(status);
}

function qualified(context: string, subject: string): string {
  return context === '.' ? subject : `:${context}:${subject}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2026-11-28T20:15:03.123Z` → `11-28 20:15` (UTC). */
function shortTime(iso: string): string {
  const match = /^\d{4}-(\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : truncate(iso, 11);
}

/** `ok 3`, `conflicts`, `failed`: a run's result in a few characters. */
function shortResult(run: SyncRunRecord): string {
  if (run.error || run.errors) return 'failed';
  if (run.conflicts) return 'conflicts';
  return run.copied || run.deleted ? `ok +${run.copied + run.deleted}` : 'ok';
}
