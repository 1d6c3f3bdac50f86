#!/usr/bin/env node
// Generates schemas/<name>.schema.json (JSON Schema draft-07) from the contract types in
// src/cli/contract.ts. `node scripts/make-schemas.mjs --check` exits 1 when a file is stale.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';
import { zodToJsonSchema } from 'zod-to-json-schema';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const contract = join(root, 'src', 'cli', 'contract.ts');
const names = Object.fromEntries(
  [...readFileSync(contract, 'utf8').matchAll(/^\s+'?([a-z-]+)'?: '([A-Za-z]+)',$/gm)].map((m) => [m[1], m[2]]),
);

/** Every contract schema as text, keyed by file name. */
export async function makeSchemas() {
  const generator = createGenerator({ path: contract, tsconfig: join(root, 'tsconfig.json'), skipTypeCheck: true, expose: 'export', topRef: true, jsDoc: 'extended', additionalProperties: false });
  const out = {};
  for (const [name, type] of Object.entries(names)) {
    let schema;
    try {
      schema = generator.createSchema(type);
    } catch (error) {
      throw new Error(`cannot make the schema of ${type}: ${error.message}`);
    }
    schema.$id = `https://srx.dev/schemas/${name}.schema.json`;
    schema.title = `srx ${name}`;
    out[`${name}.schema.json`] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  // The config file is validated by zod at load time: its JSON Schema is made from that same zod schema.
  const { configFileSchema } = await import(join(root, 'dist', 'core', 'config', 'config-schema.js'));
  const config = zodToJsonSchema(configFileSchema, { target: 'jsonSchema7', $refStrategy: 'none' });
  Object.assign(config, { $id: 'https://srx.dev/schemas/config-file.schema.json', title: 'srx config-file' });
  out['config-file.schema.json'] = `${JSON.stringify(config, null, 2)}\n`;
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const dir = join(root, 'schemas');
  mkdirSync(dir, { recursive: true });
  const stale = [];
  for (const [file, text] of Object.entries(await makeSchemas())) {
    const path = join(dir, file);
    let current = null;
    try { current = readFileSync(path, 'utf8'); } catch { /* new */ }
    if (current === text) continue;
    if (check) stale.push(file);
    else writeFileSync(path, text);
  }
  if (stale.length) {
    console.error(`stale schemas (run npm run schemas): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log(check ? 'schemas are current' : `schemas written to ${dir}`);
}
