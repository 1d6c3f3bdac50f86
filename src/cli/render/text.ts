import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'string-width';

/** Options every renderer gets; colour is decided once, in main. */
export interface RenderOptions {
  readonly color: boolean;
  readonly verbose?: boolean;
}

/** A chalk instance that colours only when asked to. */
export function paint(opts: RenderOptions): ChalkInstance {
  return new Chalk({ level: opts.color ? 1 : 0 });
}

/** Every escape sequence (CSI, OSC, other ESC sequences) and C0/C1 control except tab and newline. */
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Our own colours (SGR) only. */
const SGR = /\u001b\[[0-9;]*m/g;

/** Removes escape sequences and control characters from registry-provided text before it reaches a terminal. */
export function clean(text: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- registry text of any shape is shown as text
  return String(text ?? '').replace(ESCAPES, '');
}

/** A cell as shown: plain text is cleaned; a coloured one (ours) keeps only its colour codes. */
function cellText(cell: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- cells are strings or numbers
  const text = String(cell ?? '');
  if (!text.includes('\u001b')) return clean(text);
  const parts = text.split(SGR);
  const codes = text.match(SGR) ?? [];
  return parts.map((part, i) => clean(part) + (codes[i] ?? '')).join('');
}

/**
 * A borderless table with trimmed lines: columns as wide as their widest cell (terminal width, so wide
 * characters count twice), two spaces apart; multi-line cells align at the top. Linear in the cells.
 */
export function table(head: readonly string[], rows: readonly (readonly unknown[])[], opts: RenderOptions): string {
  const c = paint(opts);
  const grid = [head.map((h) => c.bold(h)), ...rows.map((row) => row.map(cellText))].map((row) => row.map((cell) => cell.split('\n')));
  const widths: number[] = [];
  for (const row of grid)
    row.forEach((lines, i) => {
      for (const line of lines) widths[i] = Math.max(widths[i] ?? 0, widthOf(line));
    });
  const out: string[] = [];
  for (const row of grid) {
    const height = Math.max(1, ...row.map((lines) => lines.length));
    for (let n = 0; n < height; n++) {
      out.push(
        row
          .map((lines, i) => {
            const line = lines[n] ?? '';
            return line + ' '.repeat(Math.max(0, widths[i]! - widthOf(line)));
          })
          .join('  ')
          .trimEnd(),
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** Terminal columns of a cell line: plain ASCII is its length (the common case, fast); the rest asks string-width. */
function widthOf(line: string): number {
  return /^[\x20-\x7e]*$/.test(line) ? line.length : stringWidth(line);
}
