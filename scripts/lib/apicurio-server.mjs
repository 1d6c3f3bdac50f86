import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, superviseChild } from './registry-server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = join(ROOT, '.cache', 'apicurio');

/** A java binary of version 21 or later, or undefined. */
export function findJava() {
  const candidates = [
    process.env.JAVA_HOME && join(process.env.JAVA_HOME, 'bin', 'java'),
    ...(existsSync('/usr/lib/jvm') ? readdirSync('/usr/lib/jvm').map((d) => join('/usr/lib/jvm', d, 'bin', 'java')) : []),
    'java',
  ].filter(Boolean);
  for (const java of candidates) {
    const version = javaMajor(java);
    if (version !== undefined && version >= 21) return java;
  }
  return undefined;
}

function javaMajor(java) {
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  return result.error ? undefined : parseMajor(`${result.stderr ?? ''}${result.stdout ?? ''}`);
}

function parseMajor(text) {
  const match = /version "(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Folder holding Apicurio's quarkus-run.jar (scripts/install-apicurio.mjs). */
export function apicurioHome() {
  const pointer = join(CACHE, 'home.txt');
  const home = existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : join(CACHE, '3.3.3');
  if (!existsSync(join(home, 'quarkus-run.jar'))) throw new Error('Apicurio Registry is not installed: run `node scripts/install-apicurio.mjs` (npm test does)');
  return home;
}

/**
 * Starts one in-memory Apicurio Registry on 127.0.0.1 (its own HTTP and management ports) and waits
 * until its ccompat API answers. `url` is the ccompat base URL srx uses.
 */
export async function startApicurio(options = {}) {
  const java = findJava();
  if (!java) throw new Error('Apicurio needs Java 21 or later; none found');
  const home = apicurioHome();
  const [port, management] = [await freePort(), await freePort()];
  const child = spawn(java, [`-Xmx${options.heap ?? '512m'}`, '-jar', 'quarkus-run.jar'], {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      QUARKUS_HTTP_HOST: '127.0.0.1',
      QUARKUS_HTTP_PORT: String(port),
      QUARKUS_MANAGEMENT_HOST: '127.0.0.1',
      QUARKUS_MANAGEMENT_PORT: String(management),
      QUARKUS_LOG_LEVEL: 'WARN',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const { stop, stderr: tail } = superviseChild(child, 10_000);
  const root = `http://127.0.0.1:${port}`;
  const url = `${root}/apis/ccompat/v7`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`apicurio exited (${child.exitCode}): ${tail()}`);
    try {
      const res = await fetch(`${url}/subjects`);
      if (res.ok) return { url, root, port, stop };
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`apicurio on port ${port} not ready: ${tail()}`);
}
