import type { CiReport } from './ci-report.js';

/**
 * GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding, titled with
 * the subject, then the summary as plain log lines. Escaping follows the documented grammar
 * `::command key=value,key=value::message`: in the message `%`, CR and LF are escaped; in property
 * values `:` and `,` too.
 */
export function renderGithub(report: CiReport): string {
  const lines = report.findings.map((f) => {
    const title = f.subject ? `${f.subject} (${f.type})` : f.type;
    return `::${f.severity} title=${escapeProperty(title)}::${escapeData(f.message)}`;
  });
  lines.push(...[report.title, ...report.summary].map((line) => line.replace(/^::/, ': :')));
  return `${lines.join('\n')}\n`;
}

/** Escapes a workflow command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
