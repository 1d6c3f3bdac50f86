import type { Result } from '../json.js';
import { ciReportOf } from './ci-report.js';
import { renderGithub } from './github.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

/** The CI output formats (`--format`/`-o`), beside `table` and `json`. */
export const CI_FORMATS = ['github', 'markdown', 'junit'] as const;
export type CiFormat = (typeof CI_FORMATS)[number];

/** Renders a result in a CI format; undefined when the result kind has none. */
export function renderCi(result: Result, format: CiFormat): string | undefined {
  const report = ciReportOf(result);
  if (!report) return undefined;
  if (format === 'github') return renderGithub(report);
  if (format === 'markdown') return renderMarkdown(report);
  return renderJunit(report);
}
