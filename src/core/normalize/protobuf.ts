import { createRequire } from 'node:module';
import type protobufTypes from 'protobufjs';

// protobufjs is loaded on first validation only; comparison uses the token normalizer below.
const load = createRequire(import.meta.url);
let protobuf: typeof protobufTypes | undefined;

/** Throws with protobufjs' message when the text is not a valid .proto file (imports are not resolved). */
export function validateProtobuf(text: string): void {
  protobuf ??= load('protobufjs') as typeof protobufTypes;
  protobuf.parse(text, { keepCase: true });
}

/**
 * A token-level Protobuf normalizer: comments removed, whitespace reduced to the single spaces
 * that separate two words, string literals written with double quotes, empty statements dropped,
 * and the statements of each block put in a canonical order by kind (syntax, package, imports,
 * options, reserved, fields, oneofs, messages, enums, extend, services), keeping the declared order
 * within a kind; a field's `default` and `json_name` options go last in its option list (in that
 * order). This is what Confluent's printer does to stored text (messages before enums at every
 * level, `default`/`json_name` printed last); text order across kinds means nothing in Protobuf, order
 * within a kind (fields, message indexes) is kept, so a real change always shows. Throws on an
 * unterminated comment, string or block.
 */
export function normalizeProtobuf(text: string): string {
  const tokens = tokenize(text);
  const cursor = { i: 0 };
  const statements = parseBlock(tokens, cursor);
  if (cursor.i < tokens.length) throw new Error(`unexpected "${tokens[cursor.i]}"`);
  return join(flatten(statements));
}

interface Statement {
  /** Tokens before the body (or the whole statement with its ';'). */
  readonly head: string[];
  /** Statements inside `{ }`, for messages, enums, services, oneofs, rpc options... */
  readonly body?: Statement[];
}

const KIND_ORDER: Record<string, number> = {
  syntax: 0,
  edition: 0,
  package: 1,
  import: 2,
  option: 3,
  reserved: 4,
  extensions: 4,
  oneof: 6,
  message: 7,
  enum: 8,
  extend: 9,
  service: 10,
};

function kindOf(statement: Statement): number {
  return KIND_ORDER[statement.head[0] ?? ''] ?? 5;
}

function parseBlock(tokens: readonly string[], cursor: { i: number }): Statement[] {
  const statements: Statement[] = [];
  while (cursor.i < tokens.length && tokens[cursor.i] !== '}') {
    const statement = parseStatement(tokens, cursor);
    if (statement) statements.push(statement);
  }
  return statements
    .map((st, index) => ({ st, index }))
    .sort((a, b) => kindOf(a.st) - kindOf(b.st) || a.index - b.index)
    .map(({ st }) => st);
}

function parseStatement(tokens: readonly string[], cursor: { i: number }): Statement | null {
  const head: string[] = [];
  while (cursor.i < tokens.length) {
    const token = tokens[cursor.i++]!;
    if (token === ';') {
      if (head.length === 0) return null; // an empty statement
      head.push(token);
      return { head };
    }
    if (token === '[') {
      head.push(token, ...fieldOptionsLast(readBalanced(tokens, cursor, token)));
      continue;
    }
    if (token === '{' && head.includes('=')) {
      head.push(token, ...readBalanced(tokens, cursor, token));
      continue;
    }
    if (token === '{') {
      const body = parseBlock(tokens, cursor);
      if (tokens[cursor.i] !== '}') throw new Error('unterminated block');
      cursor.i += 1;
      return { head, body };
    }
    head.push(token);
  }
  throw new Error('unterminated statement');
}

/** Tokens up to and including the bracket that closes `open` (already consumed). */
function readBalanced(tokens: readonly string[], cursor: { i: number }, open: string): string[] {
  const close = open === '[' ? ']' : '}';
  const out: string[] = [];
  let depth = 1;
  while (cursor.i < tokens.length) {
    const token = tokens[cursor.i++]!;
    out.push(token);
    if (token === open) depth += 1;
    if (token === close && (depth -= 1) === 0) return out;
  }
  throw new Error(`unterminated "${open}"`);
}

const PRINTED_LAST = ['default', 'json_name'];

/** A `[...]` option list (tokens after `[`, through `]`) with `default` then `json_name` moved to its end. */
function fieldOptionsLast(bracketed: readonly string[]): string[] {
  const options: string[][] = [[]];
  let depth = 0;
  for (const token of bracketed.slice(0, -1)) {
    if (token === '[' || token === '{' || token === '(') depth += 1;
    if (token === ']' || token === '}' || token === ')') depth -= 1;
    if (token === ',' && depth === 0) options.push([]);
    else options[options.length - 1]!.push(token);
  }
  const rank = (option: readonly string[]) => PRINTED_LAST.indexOf(option[0] ?? '') + 1;
  const ordered = options.map((option, index) => ({ option, index })).sort((a, b) => rank(a.option) - rank(b.option) || a.index - b.index);
  return [...ordered.flatMap(({ option }, i) => (i === 0 ? option : [',', ...option])), ']'];
}

function flatten(statements: readonly Statement[]): string[] {
  return statements.flatMap((st) => (st.body ? [...st.head, '{', ...flatten(st.body), '}'] : st.head));
}

function join(tokens: readonly string[]): string {
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
