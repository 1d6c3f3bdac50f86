import type { SchemaDiffResult, SemanticSummary } from '../../core/index.js';
import { clean, paint, type RenderOptions } from './text.js';

/** `compare schema` / `srx diff`: a coloured unified diff of the normalized schemas, then the verdict. */
export function renderSchemaDiff(result: SchemaDiffResult, opts: RenderOptions): string {
  const c = paint(opts);
  const verdict = result.status === 'identical' ? `${c.green('✓')} ${clean(result.verdict)}` : `${c.red('✗')} ${clean(result.verdict)}`;
  const semantic = result.semantic ? `\n${renderSemantic(result.semantic, c)}` : '';
  if (!result.diff) return `${verdict}\n${semantic}`;
  const body = result.diff
    .split('\n')
    .map((line) => colourLine(clean(line), c))
    .join('\n')
    .trimEnd();
  return `${body}\n\n${verdict}\n${semantic}`;
}

/** The semantic changes, one a line: ✗ breaks the target's level, ! breaks another level, ✓ safe. */
function renderSemantic(semantic: SemanticSummary, c: ReturnType<typeof paint>): string {
  const level = `${semantic.targetLevel}${semantic.targetLevelSource === 'default' ? ', the default' : `, ${semantic.targetLevelSource} level`}`;
  const head = `Semantic changes ${clean(semantic.from)} → ${clean(semantic.to)} (target compatibility ${level}):`;
  if (semantic.changes.length === 0) return `${head}\n  ${c.green('✓')} none (the schemas differ only in form)\n`;
  const lines = semantic.changes.map((change) => {
    const mark = change.breaking[semantic.targetLevel as keyof typeof change.breaking]
      ? c.red('✗')
      : Object.values(change.breaking).some(Boolean)
        ? c.yellow('!')
        : c.green('✓');
    return `  ${mark} ${clean(change.message)}`;
  });
  const summary = semantic.isBreaking
    ? c.red(`breaking for ${semantic.targetLevel}: the target would refuse this version`)
    : c.green(`safe for ${semantic.targetLevel}`);
  return `${head}\n${lines.join('\n')}\n${summary}\n`;
}

function colourLine(line: string, c: ReturnType<typeof paint>): string {
  if (line.startsWith('+++') || line.startsWith('---')) return c.bold(line);
  if (line.startsWith('@@')) return c.cyan(line);
  if (line.startsWith('+')) return c.green(line);
  if (line.startsWith('-')) return c.red(line);
  return line;
}
