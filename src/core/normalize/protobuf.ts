/**
 * A token-level Protobuf normalizer: comments removed, whitespace reduced to the single spaces
 * that separate two words, string literals written with double quotes. Declaration order,
 * options and every identifier are kept, so a real change always shows. Throws on an
 * unterminated comment or string.
 */
export function normalizeProtobuf(text: string): string {
  const tokens = tokenize(text);
  let out = '';
  let previousIsWord = false;
  for (const token of tokens) {
    const isWord = /^[A-Za-z0-9_.]/.test(token);
    if (isWord && previousIsWord) out += ' ';
    out += token;
    previousIsWord = isWord;
  }
  return out;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new Error('unterminated comment');
      i = end + 2;
    } else if (ch === '"' || ch === "'") {
      const { token, next } = readString(text, i);
      tokens.push(token);
      i = next;
    } else if (/[A-Za-z0-9_.]/.test(ch)) {
      const match = /^[A-Za-z0-9_.]+/.exec(text.slice(i, i + 512))!;
      tokens.push(match[0]);
      i += match[0].length;
    } else {
      tokens.push(ch);
      i += 1;
    }
  }
  return tokens;
}

/** Reads a quoted literal starting at `start`; returns it re-quoted with double quotes. */
function readString(text: string, start: number): { token: string; next: number } {
  const quote = text[start]!;
  let body = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && i + 1 < text.length) {
      const escaped = text[i + 1]!;
      body += escaped === "'" ? "'" : `\\${escaped}`;
      i += 2;
    } else {
      body += text[i] === '"' ? '\\"' : text[i];
      i += 1;
    }
    if (text[i - 1] === '\n') throw new Error('unterminated string');
  }
  if (i >= text.length) throw new Error('unterminated string');
  return { token: `"${body}"`, next: i + 1 };
}
