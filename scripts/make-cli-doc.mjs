#!/usr/bin/env node
// Writes docs/cli.md from the real command tree (dist/, so run `npm run build` first).
// `node scripts/make-cli-doc.mjs --check` exits 1 when docs/cli.md is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'docs', 'cli.md');
const { createProgram } = await import(join(root, 'dist', 'cli', 'program.js'));
const { cliReference } = await import(join(root, 'dist', 'cli', 'cli-reference.js'));
const sink = { write: () => true };
const program = createProgram({ env: {}, cwd: root, stdout: sink, stderr: sink, stdin: process.stdin }, { exitCode: 0 });
const text = cliReference(program);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== text) {
    process.stderr.write('docs/cli.md is stale: run `npm run build && node scripts/make-cli-doc.mjs`\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
