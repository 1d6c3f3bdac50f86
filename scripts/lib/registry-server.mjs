import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Path of the installed registry binary (scripts/install-registry.mjs). */
export function registryBinary() {
  const marker = join(ROOT, '.cache', 'bin', 'schema-registry.json');
  if (!existsSync(marker)) throw new Error('schema registry not installed: run `npm run registry:install`');
  return JSON.parse(readFileSync(marker, 'utf8')).path;
}

/** A free TCP port on 127.0.0.1 (AxonOps rejects port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Keeps a started server process in check: killed when this process exits, the tail of its stderr kept
 * for errors, and `stop()` = SIGTERM, then SIGKILL after `graceMs`.
 */
export function superviseChild(child, graceMs) {
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const exited = new Promise((resolve) => child.once('exit', () => { running.delete(child); resolve(); }));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (alive()) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
    if (alive()) child.kill('SIGKILL');
    await exited;
  };
  return { stop, stderr: () => stderr };
}

/** Starts one registry and waits until `/health/ready` answers (retrying on a port race). */
export async function startRegistry(options = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function startOnce(options) {
  const port = await freePort();
  const child = spawn(registryBinary(), [], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      SCHEMA_REGISTRY_HOST: '127.0.0.1',
      SCHEMA_REGISTRY_PORT: String(port),
      SCHEMA_REGISTRY_STORAGE_TYPE: 'memory',
      SCHEMA_REGISTRY_COMPATIBILITY_LEVEL: options.compatibility ?? 'BACKWARD',
      SCHEMA_REGISTRY_LOG_LEVEL: 'error',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const { stop, stderr: tail } = superviseChild(child, 3000);
  const url = `${options.env?.SCHEMA_REGISTRY_TLS_ENABLED === 'true' ? 'https' : 'http'}://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`schema registry exited (${child.exitCode}): ${tail()}`);
    if (await isReady(port)) return { url, port, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`schema registry on port ${port} not ready after 15 s: ${tail()}`);
}

async function isReady(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts several registries at once (dev, staging, prod...). */
export async function startRegistries(names, options = {}) {
  const servers = await Promise.all(names.map(() => startRegistry(options)));
  const out = Object.fromEntries(names.map((name, i) => [name, servers[i]]));
  return Object.assign(out, { stopAll: async () => { await Promise.all(servers.map((s) => s.stop())); } });
}
