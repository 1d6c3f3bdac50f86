#!/usr/bin/env node
// `npm run bench`: runs the default export of every scripts/bench/*.mjs module in name order and prints
// the figures each returns ({ title, rows: [{ ...columns }] }). Needs `npm run build` and the registry binary.
// `npm run bench -- compare migrate --sizes 1000,10000 --latencies 0,5`: positional arguments pick modules by
// part of their name; options and SRX_BENCH_SRCTL (a peer binary run side by side) are in bench/lib/options.mjs.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseBenchArgs } from './bench/lib/options.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const options = parseBenchArgs(process.argv.slice(2));
const { only } = options;
const modules = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort().filter((f) => only.length === 0 || only.some((o) => f.includes(o)));

const log = (text) => process.stderr.write(`${text}\n`);
let failed = false;
for (const file of modules) {
  log(`\n== ${file}`);
  try {
    const { default: bench } = await import(pathToFileURL(join(dir, file)).href);
    const figures = await bench({ log, ...options });
    for (const section of [figures].flat()) print(section);
  } catch (error) {
    failed = true;
    log(`${file} failed: ${error?.stack ?? error}`);
  }
}
process.exitCode = failed ? 1 : 0;

function print({ title, rows, notes = [] }) {
  console.log(`\n${title}`);
  if (!rows?.length) return;
  const columns = Object.keys(rows[0]);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((c) => row[c])));
  for (const note of notes) console.log(note);
}
