#!/usr/bin/env node
// A stand-in for the peer tool srctl in the bench's own test (the real one is a Go binary not in this repo):
// reads the registries from ./srctl.yaml as srctl does, and answers `compare --source a --target b` with a
// summary table and `clone --source a --target b` by copying every version with its id in IMPORT mode.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const flag = (name) => args[args.indexOf(`--${name}`) + 1];
const urls = {};
let name;
for (const line of readFileSync('srctl.yaml', 'utf8').split('\n')) {
  const n = /^\s*- name: (.+)$/.exec(line);
  if (n) name = n[1].trim();
  const u = /^\s+url: (.+)$/.exec(line);
  if (u && name) urls[name] = JSON.parse(u[1]);
}
const source = urls[flag('source')];
const target = urls[flag('target')];
if (!source || !target) {
  process.stderr.write(`Error: registry not found in srctl.yaml: ${flag('source')} / ${flag('target')}\n`);
  process.exit(1);
}
const headers = { 'Content-Type': 'application/vnd.schemaregistry.v1+json' };
const get = async (url) => (await fetch(url)).json();
const send = async (method, url, body) => {
  const response = await fetch(url, { method, headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
};

if (args[0] === 'compare') {
  const [a, b] = [await get(`${source}/subjects`), await get(`${target}/subjects`)];
  const inB = new Set(b);
  let different = 0;
  for (const subject of a.filter((s) => inB.has(s))) {
    const [x, y] = [await get(`${source}/subjects/${encodeURIComponent(subject)}/versions/latest`), await get(`${target}/subjects/${encodeURIComponent(subject)}/versions/latest`)];
    if (x.schema !== y.schema) different += 1;
  }
  console.log(`Identical | ${a.filter((s) => inB.has(s)).length - different}\nDifferent | ${different}\nSource Only | ${a.filter((s) => !inB.has(s)).length}`);
} else if (args[0] === 'clone') {
  await send('PUT', `${target}/mode`, { mode: 'IMPORT' });
  for (const subject of await get(`${source}/subjects`)) {
    for (const version of await get(`${source}/subjects/${encodeURIComponent(subject)}/versions`)) {
      const v = await get(`${source}/subjects/${encodeURIComponent(subject)}/versions/${version}`);
      await send('POST', `${target}/subjects/${encodeURIComponent(subject)}/versions`, { schema: v.schema, schemaType: v.schemaType, references: v.references, id: v.id, version: v.version });
    }
  }
  await send('PUT', `${target}/mode`, { mode: 'READWRITE' });
  console.log('Clone complete');
} else {
  process.stderr.write(`fake srctl: unknown command ${args[0]}\n`);
  process.exit(2);
}
