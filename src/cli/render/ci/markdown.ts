import type { CiReport, CiSeverity } from './ci-report.js';

/** GitHub-flavoured Markdown stays under its 65,536-character comment limit: at most this many rows. */
const MAX_ROWS = 500;
const ICON: Record<CiSeverity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };

/** A pull-request comment or `$GITHUB_STEP_SUMMARY`: title, summary, and a table of findings. */
export function renderMarkdown(report: CiReport): string {
  const counts = (['error', 'warning', 'notice'] as const).map(
    (s) => `${report.findings.filter((f) => f.severity === s).length} ${s === 'notice' ? 'notices' : `${s}s`}`,
  );
  const out = [`### ${cell(report.title)}`, '', ...report.summary.map((line) => `- ${cell(line)}`), `- ${counts.join(', ')}`, ''];
  if (report.findings.length === 0) {
    out.push('✅ Nothing found.', '');
    return out.join('\n');
  }
  out.push('| | Subject | Finding | Details |', '|---|---|---|---|');
  for (const f of report.findings.slice(0, MAX_ROWS)) {
    out.push(`| ${ICON[f.severity]} | ${f.subject ? `\`${code(f.subject)}\`` : '—'} | ${cell(f.type)} | ${cell(f.message)} |`);
  }
  if (report.findings.length > MAX_ROWS) out.push('', `… and ${report.findings.length - MAX_ROWS} more (run with --json for all).`);
  out.push('');
  return out.join('\n');
}

/** Text safe inside a table cell: no pipes, no line breaks, no HTML. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** Text safe inside inline code in a table cell. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
