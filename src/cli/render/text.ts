import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';

/** Options every renderer gets; colour is decided once, in main. */
export interface RenderOptions {
  readonly color: boolean;
  readonly verbose?: boolean;
}

/** A chalk instance that colours only when asked to. */
export function paint(opts: RenderOptions): ChalkInstance {
  return new Chalk({ level: opts.color ? 1 : 0 });
}

/** Removes control characters from registry-provided text before it reaches a terminal. */
export function clean(text: unknown): string {
  return String(text ?? '').replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** A borderless table with trimmed lines. */
export function table(head: readonly string[], rows: readonly (readonly unknown[])[], opts: RenderOptions): string {
  const c = paint(opts);
  const t = new Table({
    head: head.map((h) => c.bold(h)),
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) t.push(row.map((cell) => (typeof cell === 'string' && cell.includes('\u001b') ? cell : clean(cell))));
  return `${t.toString().split('\n').map((line) => line.trimEnd()).join('\n')}\n`;
}
