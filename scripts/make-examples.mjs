#!/usr/bin/env node
// Makes examples/staging.json and examples/prod.json: srx exports of two real AxonOps registries
// seeded with a small estate (AVRO, JSON, PROTOBUF; references; two contexts; sparse and
// soft-deleted versions) that differ the way staging and prod do: new versions and subjects in
// staging, a hotfix made directly in prod (a conflict), an id assigned twice, config drift.
//
//   npm run build && node scripts/make-examples.mjs
//
// The registries run on fixed ports (38081 staging, 38082 prod; override with EXAMPLES_PORTS=a,b)
// and SOURCE_DATE_EPOCH is fixed, so re-running it gives byte-identical files.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registryBinary } from './lib/registry-server.mjs';
import { seedEstate } from './lib/example-estate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const [STAGING_PORT, PROD_PORT] = (process.env.EXAMPLES_PORTS ?? '38081,38082').split(',').map(Number);
const SOURCE_DATE_EPOCH = '1795502400'; // 2026-11-24T06:40:00Z: the time written in the examples

async function main() {
  const staging = await start(STAGING_PORT);
  const prod = await start(PROD_PORT);
  try {
    for (const [name, server] of [['staging', staging], ['prod', prod]]) {
      await seedEstate(server.url, name);
      process.stderr.write(`seeded ${name} at ${server.url}\n`);
    }
    mkdirSync(join(ROOT, 'examples'), { recursive: true });
    for (const name of ['staging', 'prod']) {
      execFileSync(process.execPath, [join(ROOT, 'bin', 'srx.js'), 'export', name, '--include-deleted', '--out', join(ROOT, 'examples', `${name}.json`)], {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          SOURCE_DATE_EPOCH,
          REGISTRIES: `staging:${staging.url},prod:${prod.url}`,
        },
      });
    }
  } finally {
    await Promise.all([staging.stop(), prod.stop()]);
  }
}

/** Starts the registry on a fixed port (the port is part of the exported source URL). */
async function start(port) {
  const child = spawn(registryBinary(), [], {
    env: {
      PATH: process.env.PATH ?? '',
      SCHEMA_REGISTRY_HOST: '127.0.0.1',
      SCHEMA_REGISTRY_PORT: String(port),
      SCHEMA_REGISTRY_STORAGE_TYPE: 'memory',
      SCHEMA_REGISTRY_COMPATIBILITY_LEVEL: 'BACKWARD',
      SCHEMA_REGISTRY_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`registry on port ${port} exited (is the port in use? set EXAMPLES_PORTS)`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return { url, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`registry on port ${port} not ready`);
}

main().catch((error) => {
  process.stderr.write(`make-examples: ${error.message}\n`);
  process.exitCode = 1;
});
