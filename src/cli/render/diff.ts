import type { SchemaDiffResult } from '../../core/operations/compare-types.js';
import { clean, paint, type RenderOptions } from './text.js';

/** `compare schema` / `srx diff`: a coloured unified diff of the normalized schemas, then the verdict. */
export function renderSchemaDiff(result: SchemaDiffResult, opts: RenderOptions): string {
  const c = paint(opts);
  const verdict = result.status === 'identical' ? `${c.green('✓')} ${clean(result.verdict)}` : `${c.red('✗')} ${clean(result.verdict)}`;
  if (!result.diff) return `${verdict}\n`;
  const body = result.diff
    .split('\n')
    .map((line) => colourLine(clean(line), c))
    .join('\n')
    .trimEnd();
  return `${body}\n\n${verdict}\n`;
}

function colourLine(line: string, c: ReturnType<typeof paint>): string {
  if (line.startsWith('+++') || line.startsWith('---')) return c.bold(line);
  if (line.startsWith('@@')) return c.cyan(line);
  if (line.startsWith('+')) return c.green(line);
  if (line.startsWith('-')) return c.red(line);
  return line;
}
