import {
  type Change,
  keyOf,
  type MissingSchemasResult,
  qualifySubject,
  type RegistryComparisonResult,
  type SchemaConflictsResult,
  type SubjectComparison,
  type SubjectNamesResult,
} from '../../core/index.js';
import { clean, paint, table, type RenderOptions } from './text.js';

const STATUS_COLOURS = { 'only-in-source': 'yellow', 'only-in-target': 'magenta', differs: 'red', identical: 'green' } as const;

/** `compare registries`/`contexts`: a summary first, then the subjects that differ, then conflicts. */
export function renderRegistryComparison(result: RegistryComparisonResult, opts: RenderOptions): string {
  const c = paint(opts);
  const s = result.summary;
  const names = `${clean(result.source.name)} → ${clean(result.target.name)}`;
  const lines: string[] = [];
  if (result.changes.length === 0) {
    return `${c.green('✓')} ${names}: no differences (${plural(s.subjectsInBoth, 'subject')} compared${scopeNote(result)})\n`;
  }
  lines.push(`${c.bold(names)}${scopeNote(result)}`);
  lines.push(
    `  subjects: ${s.subjectsInBoth} in both (${c.green(`${s.identicalSubjects} identical`)}, ${c.red(`${s.differingSubjects} differing`)}), ` +
      `${c.yellow(`${s.subjectsOnlyInSource} only in source`)}, ${c.magenta(`${s.subjectsOnlyInTarget} only in target`)}`,
  );
  lines.push(
    `  versions: ${s.versionsMissingInTarget} missing in target, ${s.versionsMissingInSource} missing in source; ` +
      `${s.conflicts ? c.red(plural(s.conflicts, 'conflict')) : '0 conflicts'}; ${plural(s.configDifferences, 'config difference')}`,
  );
  const differing = result.subjects.filter((subject) => subject.status !== 'identical');
  if (differing.length) {
    const configChanges = configChangesBySubject(result.changes);
    lines.push(
      '',
      table(
        ['SUBJECT', 'STATUS', 'DETAILS'],
        differing.map((subject) => [
          clean(qualifySubject(subject.context, subject.subject)),
          c[STATUS_COLOURS[subject.status]](subject.status),
          clean(details(subject, configChanges.get(keyOf(subject.context, subject.subject)) ?? [])),
        ]),
        opts,
      ).trimEnd(),
    );
  }
  for (const drift of result.contexts) {
    lines.push(
      `  context ${clean(drift.context)}: compatibility ${show(drift.compatibility.source)} / ${show(drift.compatibility.target)}, mode ${show(drift.mode.source)} / ${show(drift.mode.target)}`,
    );
  }
  const conflicts = result.changes.filter((change) => change.severity === 'conflict');
  // Loops, not spreads: a spread of 200,000 lines overflows the call stack.
  if (conflicts.length) lines.push('', c.red.bold('Conflicts:'));
  for (const change of conflicts) lines.push(`  ${c.red('✗')} ${clean(change.message)}`);
  for (const line of renderVerdicts(result, c)) lines.push(line);
  return `${lines.join('\n')}\n`;
}

/** Would the target accept the versions it lacks (judged by srx, at each subject's level)? */
function renderVerdicts(result: RegistryComparisonResult, c: ReturnType<typeof paint>): string[] {
  const verdicts = result.verdicts ?? [];
  if (verdicts.length === 0) return [];
  return [
    '',
    c.bold(`Would ${clean(result.target.name)} accept the versions it lacks? (judged by srx at each subject's compatibility level)`),
    ...verdicts.map((v) => `  ${v.isCompatible ? c.green('✓') : c.red('✗')} ${clean(v.message)}`),
  ];
}

function details(subject: SubjectComparison, changes: readonly Change[]): string {
  const parts: string[] = [];
  const byStatus = new Map<string, number[]>();
  for (const v of subject.versions) byStatus.set(v.status, [...(byStatus.get(v.status) ?? []), v.version]);
  for (const [status, versions] of byStatus) parts.push(`${status.replace(/-/g, ' ')}: v${versions.join(',')}`);
  if (subject.status === 'differs') {
    for (const change of changes) {
      if (change.type === 'subject.compatibility-differs') parts.push(`compatibility ${show(change.source)} → ${show(change.target)}`);
      if (change.type === 'subject.mode-differs') parts.push(`mode ${show(change.source)} → ${show(change.target)}`);
    }
  }
  return parts.join('; ');
}

/** The subject config/mode changes, by context and subject: one pass, so rendering stays linear. */
function configChangesBySubject(changes: readonly Change[]): Map<string, Change[]> {
  const out = new Map<string, Change[]>();
  for (const change of changes) {
    if (change.subject === undefined || (change.type !== 'subject.compatibility-differs' && change.type !== 'subject.mode-differs')) continue;
    const key = keyOf(change.context, change.subject);
    out.set(key, [...(out.get(key) ?? []), change]);
  }
  return out;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function show(value: string | null | undefined): string {
  return clean(value ?? '(none)');
}

function scopeNote(result: { scope: RegistryComparisonResult['scope'] }): string {
  const notes: string[] = [];
  if (result.scope.contexts !== 'all')
    notes.push(result.scope.contexts.map((p) => (p.source === p.target ? p.source : `${p.source} → ${p.target}`)).join(', '));
  if (result.scope.subjects?.length) notes.push(`subjects ${result.scope.subjects.join(',')}`);
  if (result.scope.exclude?.length) notes.push(`excluding ${result.scope.exclude.join(',')}`);
  if (result.scope.includeDeleted) notes.push('soft-deleted included');
  return notes.length ? ` [${notes.map(clean).join('; ')}]` : '';
}

/** `compare subjects`: counts, then the names on one side only. */
export function renderSubjectNames(result: SubjectNamesResult, opts: RenderOptions): string {
  const c = paint(opts);
  const s = result.summary;
  const lines = [
    `${c.bold(`${clean(result.source.name)} → ${clean(result.target.name)}`)}${scopeNote(result)}: ${s.inBoth} in both, ${s.onlyInSource} only in source, ${s.onlyInTarget} only in target`,
  ];
  if (result.onlyInSource.length) lines.push('', c.yellow(`Only in ${clean(result.source.name)}:`), ...result.onlyInSource.map((n) => `  ${clean(n)}`));
  if (result.onlyInTarget.length) lines.push('', c.magenta(`Only in ${clean(result.target.name)}:`), ...result.onlyInTarget.map((n) => `  ${clean(n)}`));
  return `${lines.join('\n')}\n`;
}

/** `compare missing`: one row per version missing in the target. */
export function renderMissing(result: MissingSchemasResult, opts: RenderOptions): string {
  const c = paint(opts);
  const head = `${c.bold(`${clean(result.source.name)} → ${clean(result.target.name)}`)}${scopeNote(result)}`;
  if (result.missing.length === 0) return `${c.green('✓')} ${head}: nothing missing in ${clean(result.target.name)}\n`;
  const rows = result.missing.map((m) => [clean(qualifySubject(m.context, m.subject)), m.version, m.id, m.schemaType, m.deleted ? 'soft-deleted' : '']);
  return `${head}: ${c.yellow(plural(result.summary.missing, 'version'))} of ${plural(result.summary.subjects, 'subject')} missing in ${clean(result.target.name)}\n\n${table(['SUBJECT', 'VERSION', 'ID', 'TYPE', ''], rows, opts)}`;
}

/** `compare conflicts`: counts by kind, then every conflict with its message. */
export function renderConflicts(result: SchemaConflictsResult, opts: RenderOptions): string {
  const c = paint(opts);
  const s = result.summary;
  const head = `${c.bold(`${clean(result.source.name)} → ${clean(result.target.name)}`)}${scopeNote(result)}`;
  const by = result.compatibilityCheckedBy === 'registry' ? `by ${clean(result.target.name)}` : "by srx at each subject's level";
  const checked = `${plural(s.compatibilityChecked, 'missing version')} checked for compatibility ${by}`;
  if (s.total === 0) return `${c.green('✓')} ${head}: no conflicts (${checked})\n`;
  const lines = [
    `${head}: ${c.red(plural(s.total, 'conflict'))}: ${s.content} content, ${s.schemaType} schema type, ${plural(s.idCollision, 'id collision')}, ${s.incompatible} incompatible (${checked})`,
    '',
    table(
      ['TYPE', 'SUBJECT', 'VERSION', 'MESSAGE'],
      result.conflicts.map((k) => [c.red(k.type), clean(qualifySubject(k.context, k.subject)), k.version, clean(k.message)]),
      opts,
    ).trimEnd(),
  ];
  return `${lines.join('\n')}\n`;
}
