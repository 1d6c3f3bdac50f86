/** "invalid JSON: <problem> at position N (line L, column C)", from V8's message without the text it may quote. */
export function describeJsonError(message: string, text: string): string {
  const atEnd = /end of JSON input/.test(message);
  const position = Number(/at position (\d+)/.exec(message)?.[1] ?? (atEnd ? text.length : NaN));
  const what = atEnd ? 'unexpected end of input' : (/^(Expected [^"]*?) in JSON/.exec(message)?.[1] ?? 'unexpected token');
  if (Number.isNaN(position)) return `invalid JSON: ${what}`;
  const before = text.slice(0, position).split('\n');
  return `invalid JSON: ${what} at position ${position} (line ${before.length}, column ${before.at(-1)!.length + 1})`;
}
