import type { MigrationReport } from '../../core/index.js';

const PLAN_ROWS = 500;

function subjectName(context: string, subject: string | null): string {
  if (subject === null) return `(context ${context})`;
  return context === '.' ? subject : `:${context}:${subject}`;
}

/** Rows of every section, shared by the Markdown and HTML renderers so they agree on content. */
function sections(r: MigrationReport): { title: string; head: string[]; rows: (string | number)[][]; note?: string }[] {
  const s = r.summary;
  return [
    {
      title: 'Summary',
      head: ['measure', 'value'],
      rows: [
        ['source → target', `${r.source.name} → ${r.target.name}`],
        ['contexts', s.contexts],
        ['subjects in source (scope)', s.subjectsInSource],
        ['subjects in target', s.subjectsInTarget],
        ['subjects to migrate', s.subjectsToMigrate],
        ['versions to register', s.versionsToRegister],
        ['versions already present', s.versionsAlreadyPresent],
        ['soft-deletes', s.softDeletes],
        ['compatibility changes', s.configChanges],
        ['conflicts', s.conflicts],
        ['compatibility problems', s.compatibilityProblems],
        ['config drift', s.configDrift],
        ['blocked', s.blocked ? 'yes' : 'no'],
      ],
    },
    {
      title: 'Contexts',
      head: ['context', 'target context', 'subjects (source)', 'subjects (target)', 'to register', 'present', 'conflicts'],
      rows: r.contexts.map((c) => [c.context, c.targetContext, c.subjectsInSource, c.subjectsInTarget, c.versionsToRegister, c.alreadyPresent, c.conflicts]),
    },
    {
      title: 'Subjects',
      head: ['subject', 'status', 'versions to register', 'present', 'conflicts', 'compatibility (source / target)'],
      rows: r.subjects.map((x) => [
        subjectName(x.context, x.subject),
        x.status,
        x.versionsToRegister.join(', ') || '-',
        x.alreadyPresent,
        x.conflicts,
        `${x.compatibility.source ?? '-'} / ${x.compatibility.target ?? '-'}`,
      ]),
    },
    {
      title: 'Conflicts',
      head: ['type', 'subject', 'version', 'message'],
      rows: r.conflicts.map((c) => [c.type, subjectName(c.context, c.subject), c.version ?? '-', c.message]),
    },
    {
      title: 'Compatibility problems',
      head: ['subject', 'version', 'compatible', 'messages'],
      rows: r.compatibility.map((c) => [subjectName(c.context, c.subject), c.version ?? '-', c.isCompatible ? 'yes' : 'no', c.messages.join('; ')]),
    },
    {
      title: 'Config drift',
      head: ['scope', 'setting', 'source', 'target'],
      rows: r.configDrift.map((d) => [subjectName(d.context, d.subject), d.setting, d.source ?? '-', d.target ?? '-']),
    },
    { title: 'Warnings', head: ['type', 'message'], rows: r.warnings.map((w) => [w.type, w.message]) },
    {
      title: 'Plan',
      head: ['action', 'subject', 'version', 'source id → target id', 'why'],
      rows: r.plan
        .slice(0, PLAN_ROWS)
        .map((p) => [p.action, subjectName(p.context, p.subject), p.version ?? '-', `${p.sourceId ?? '-'} → ${p.targetId ?? '(assigned)'}`, p.reason]),
      note: r.plan.length > PLAN_ROWS ? `${r.plan.length - PLAN_ROWS} more steps in the JSON report` : undefined,
    },
  ];
}

function md(text: string | number): string {
  return String(text)
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

/** The report as Markdown. */
export function renderReportMarkdown(r: MigrationReport): string {
  const out = [
    `# Migration report: ${md(r.source.name)} → ${md(r.target.name)}`,
    '',
    `Generated ${r.generatedAt}. Policy: ${r.policy.preserveIds ? 'preserve ids' : 'target assigns ids'}, versions ${typeof r.policy.versions === 'string' ? r.policy.versions : r.policy.versions.join(',')}${r.policy.includeDeleted ? ', with soft-deleted' : ''}.`,
  ];
  for (const section of sections(r)) {
    out.push('', `## ${section.title}`, '');
    if (!section.rows.length) {
      out.push('None.');
      continue;
    }
    out.push(`| ${section.head.map(md).join(' | ')} |`, `|${section.head.map(() => ' --- ').join('|')}|`);
    for (const row of section.rows) out.push(`| ${row.map(md).join(' | ')} |`);
    if (section.note) out.push('', `_${section.note}_`);
  }
  out.push('', '## Recommendations', '');
  for (const rec of r.recommendations) out.push(`- ${rec}`);
  return `${out.join('\n')}\n`;
}

function esc(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The report as one self-contained HTML page. */
export function renderReportHtml(r: MigrationReport): string {
  const body: string[] = [`<h1>Migration report: ${esc(r.source.name)} → ${esc(r.target.name)}</h1>`, `<p>Generated ${esc(r.generatedAt)}.</p>`];
  for (const section of sections(r)) {
    body.push(`<h2>${esc(section.title)}</h2>`);
    if (!section.rows.length) {
      body.push('<p>None.</p>');
      continue;
    }
    body.push('<table>', `<tr>${section.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`);
    for (const row of section.rows) body.push(`<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
    body.push('</table>');
    if (section.note) body.push(`<p><em>${esc(section.note)}</em></p>`);
  }
  body.push('<h2>Recommendations</h2>', '<ul>', ...r.recommendations.map((rec) => `<li>${esc(rec)}</li>`), '</ul>');
  const style =
    'body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f4f4f4}';
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>srx migration report</title><style>${style}</style></head><body>\n${body.join('\n')}\n</body></html>\n`;
}
