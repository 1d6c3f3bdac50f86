/**
 * The `srx …` command lines shown in the README and docs/, and a check of each against the real command tree:
 * every subcommand exists, every option is one the command (or the program) declares, option values and
 * positional arguments fit. A renamed flag or command in the code fails the docs test instead of the docs drifting.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command, Option } from 'commander';

/** One command line found in a document. */
export interface DocCommand {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly argv: readonly string[];
}

/** Markdown files the docs test covers: README.md and everything under docs/. */
export function docFiles(root: string): string[] {
  const docs = join(root, 'docs');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.md') ? [path] : [];
    });
  // docs/cli.md is generated from the tree itself (its usage lines are synopses, not commands).
  return [join(root, 'README.md'), ...walk(docs).filter((f) => !f.endsWith(join('docs', 'cli.md')))];
}

/** Every `srx` invocation inside fenced shell blocks (```sh, bash, console, shell, or unlabelled). */
export function docCommands(root: string, path: string): DocCommand[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const found: DocCommand[] = [];
  let inShell = false;
  let fenced = false;
  let unlabelled = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const fence = /^\s*```\s*([a-z]*)/.exec(raw);
    if (fence) {
      fenced = !fenced;
      inShell = fenced && ['sh', 'bash', 'console', 'shell', ''].includes(fence[1]!);
      unlabelled = fence[1] === '';
      continue;
    }
    if (!inShell || (unlabelled && !/^\s*\$\s/.test(raw))) continue;
    let text = raw.replace(/^\s*\$\s+/, '').trim();
    const start = i;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]!.trim()}`;
    for (const argv of srxInvocations(text)) found.push({ file: relative(root, path), line: start + 1, text, argv });
  }
  return found;
}

/**
 * The argv of each `srx …` in one shell line that is a command (it starts with srx, `npx srx`, `node bin/srx.js`
 * or another program, after env assignments), split at `&&`, `;`, `|`. Synopses (`[options]`, `[--out path]`)
 * and output lines (which do not start with a command) are not commands.
 */
export function srxInvocations(text: string): string[][] {
  if (text.startsWith('#') || /(^|\s)\[/.test(text)) return [];
  const parts = splitCommands(text).map(commandWords);
  if (parts.length === 0 || !isCommand(parts[0]!)) return [];
  return parts.filter((words) => words[0] === 'srx').map((words) => withoutRedirections(words.slice(1)));
}

const PROGRAMS = new Set(['srx', 'npm', 'npx', 'node', 'cd', 'git', 'jq', 'export', 'curl', 'echo', 'cat', 'docker', 'go', 'sudo', 'if', 'then', 'test']);

function isCommand(words: readonly string[]): boolean {
  return words.length > 0 && PROGRAMS.has(words[0]!);
}

function commandWords(part: string): string[] {
  const words = shellWords(part);
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift();
  if (words[0] === 'npx' && words[1] === 'srx') words.shift();
  if (words[0] === 'node' && words[1] === 'bin/srx.js') words.splice(0, 2, 'srx');
  return words;
}

function withoutRedirections(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (/^(\d?>>?|<)$/.test(word)) i++;
    else if (!/^\d?>/.test(word) && !/^<[^>]*$/.test(word)) out.push(word); // `<name>` is a placeholder, `<file` a redirection
  }
  return out;
}

function splitCommands(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      break;
    } else if (ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function shellWords(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words.map((w) => w.replace(/^"(.*)"$/, '$1'));
}

/** Why argv does not fit the command tree, or null when it does. */
export function checkAgainstTree(program: Command, argv: readonly string[]): string | null {
  let command = program;
  const chain = [program];
  let positionals = 0;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') break;
    if (word.startsWith('-') && word !== '-') {
      const [flag, inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
      const option = findOption(chain, flag);
      if (!option) {
        if (allowsUnknown(command)) continue;
        return `unknown option ${flag} for "${path(chain)}"`;
      }
      if (option.required && inline === undefined) {
        if (i + 1 >= argv.length) return `option ${flag} needs a value`;
        i++;
        const value = argv[i]!;
        if (option.argChoices && !value.startsWith('<') && !option.argChoices.includes(value))
          return `option ${flag}: "${value}" is not one of ${option.argChoices.join(', ')}`;
      }
      continue;
    }
    const sub = positionals === 0 ? command.commands.find((c) => c.name() === word || c.aliases().includes(word)) : undefined;
    if (sub) {
      command = sub;
      chain.push(sub);
      continue;
    }
    if (command.commands.length > 0 && command.registeredArguments.length === 0) {
      const fallback = defaultSubcommand(command);
      if (!fallback) {
        if (allowsUnknown(command)) continue;
        return `unknown command "${word}" under "${path(chain)}"`;
      }
      command = fallback;
      chain.push(fallback);
    }
    positionals++;
    const args = command.registeredArguments;
    if (!allowsUnknown(command) && positionals > args.length && !args.at(-1)?.variadic) return `too many arguments for "${path(chain)}" (${argv.join(' ')})`;
  }
  if (command.commands.length > 0 && positionals === 0) return null; // a group alone prints its help
  const required = command.registeredArguments.filter((a) => a.required).length;
  if (positionals < required && !argv.some((w) => w === '-h' || w === '--help' || w === '--from-file')) return `missing arguments for "${path(chain)}"`;
  return null;
}

function findOption(chain: readonly Command[], flag: string): Option | undefined {
  for (const command of [...chain].reverse()) {
    const option = command.options.find((o) => o.short === flag || o.long === flag || (o.negate && o.long === flag));
    if (option) return option;
  }
  if (flag === '-h' || flag === '--help') return { required: false } as Option;
  return undefined;
}

function defaultSubcommand(command: Command): Command | undefined {
  const name = (command as unknown as { _defaultCommandName?: string })._defaultCommandName;
  return name ? command.commands.find((c) => c.name() === name) : undefined;
}

function allowsUnknown(command: Command): boolean {
  return Boolean((command as unknown as { _allowUnknownOption?: boolean })._allowUnknownOption);
}

function path(chain: readonly Command[]): string {
  return chain.map((c) => c.name()).join(' ');
}
