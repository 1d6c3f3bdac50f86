/** A result every command returns: plain data tagged by kind. */
export interface Result {
  readonly kind: string;
}

/** `--json` output: the result with `schemaVersion: 1` first; nothing else added. */
export function renderJson(result: Result): string {
  return `${JSON.stringify({ schemaVersion: 1, ...result }, null, 2)}\n`;
}
