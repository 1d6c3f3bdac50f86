import { type ExportResult, type ExportValidationResult, type FindingSeverity, qualifySubject } from '../../core/index.js';
import { clean, paint, table, type RenderOptions } from './text.js';

/** `srx export -o …`: where the export went and what it holds. */
export function renderExportResult(result: ExportResult, opts: RenderOptions): string {
  const c = paint(opts);
  const s = result.summary;
  const deleted = s.deletedVersions ? ` (${s.deletedVersions} soft-deleted)` : '';
  return [
    `${c.green('exported')} ${clean(result.source.name)} → ${clean(result.path)} (${result.format}, ${s.files} file${s.files === 1 ? '' : 's'})`,
    `  ${s.contexts} context${s.contexts === 1 ? '' : 's'}, ${s.subjects} subjects, ${s.versions} versions${deleted}`,
    `  sha256 ${result.sha256}`,
    '',
  ].join('\n');
}

/** `srx export validate`: findings by severity, then a verdict. */
export function renderExportValidation(result: ExportValidationResult, opts: RenderOptions): string {
  const c = paint(opts);
  const label: Record<FindingSeverity, string> = { blocking: c.red('blocking'), warning: c.yellow('warning'), info: c.dim('info') };
  const shown = result.findings.filter((f) => f.severity !== 'info' || opts.verbose || f.type.startsWith('format.') || f.type.startsWith('config.'));
  const rows = shown.map((f) => [
    label[f.severity],
    f.subject !== undefined ? qualifySubject(f.context ?? '.', f.subject) + (f.version !== undefined ? ` v${f.version}` : '') : (f.context ?? ''),
    f.message,
  ]);
  const s = result.summary;
  const e = result.export;
  const verdict = result.valid
    ? c.green(`valid: ${clean(result.target.name)} can take this export (${s.toImport} versions to import, ${s.alreadyPresent} already present)`)
    : c.red(`not valid: ${s.blocking} blocking finding${s.blocking === 1 ? '' : 's'} (${s.toImport} versions to import, ${s.alreadyPresent} already present)`);
  return [
    `export ${clean(e.name)}: ${clean(e.source.name)} at ${clean(e.exportedAt)}, ${e.summary.subjects} subjects, ${e.summary.versions} versions → target ${clean(result.target.name)}`,
    '',
    rows.length ? table(['severity', 'where', 'finding'], rows, opts).trimEnd() : 'no findings',
    '',
    `${verdict}${s.warnings ? `; ${s.warnings} warning${s.warnings === 1 ? '' : 's'}` : ''}`,
    '',
  ].join('\n');
}
