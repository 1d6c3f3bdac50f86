import type { ExportResult } from '../../core/operations/export.js';
import { clean, paint, type RenderOptions } from './text.js';

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
