// Helpers for the reliability suite: clean-error assertions, write detection through the fault proxy,
// spawning the real `node bin/srx.js`, and reading a registry's whole state over plain REST.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultProxy, ProxiedRequest } from '../../scripts/lib/fault-proxy.mjs';
import type { CliRun } from './run-cli.js';
import { stripAnsi } from './run-cli.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SRX_BIN = join(ROOT, 'bin', 'srx.js');

/** Requests that change a registry: PUT, DELETE, and POST /…/versions (a POST to /subjects/{s} is a lookup). */
export function writesOf(requests: readonly ProxiedRequest[]): ProxiedRequest[] {
  return requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE' || (r.method === 'POST' && /\/versions$/.test(r.path)));
}

/** Writes a proxy saw since `from` (an index into proxy.requests). */
export function writesSince(proxy: FaultProxy, from: number): ProxiedRequest[] {
  return writesOf(proxy.requests.slice(from));
}

/**
 * A failure a user can act on: the exit code, exactly one `error:` line on stderr that matches `pattern`,
 * no stack trace, no "bug in srx" line, nothing on stdout. Throws with the whole output otherwise.
 */
export function expectCleanError(run: Pick<CliRun, 'exitCode' | 'stdout' | 'stderr'>, exitCode: number, pattern: RegExp, label = ''): void {
  const stderr = stripAnsi(run.stderr);
  const errorLines = stderr.split('\n').filter((line) => /^error:/.test(line));
  const problems: string[] = [];
  if (run.exitCode !== exitCode) problems.push(`exit ${run.exitCode}, expected ${exitCode}`);
  if (errorLines.length !== 1) problems.push(`${errorLines.length} error: lines, expected 1`);
  else if (!pattern.test(errorLines[0]!)) problems.push(`error line does not match ${pattern}`);
  if (/^\s{4}at /m.test(stderr) || /^\s{4}at /m.test(run.stdout)) problems.push('a stack trace was printed');
  if (/bug in srx/i.test(stderr)) problems.push('reported as an internal bug');
  if (run.stdout.trim() !== '') problems.push('stdout is not empty');
  if (problems.length) {
    throw new Error(`${label}: ${problems.join('; ')}\n--- stdout:\n${run.stdout}\n--- stderr:\n${run.stderr}`);
  }
}

/** One spawned `node bin/srx.js` process. */
export interface SpawnedSrx {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves when the process exits. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Spawns the built CLI (`npm run build` first) with exactly `env` (plus PATH and a throwaway HOME). */
export function spawnSrx(args: readonly string[], env: Record<string, string | undefined>, cwd = ROOT): SpawnedSrx {
  const child = spawn(process.execPath, [SRX_BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: '/nonexistent-home', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, output: () => ({ stdout, stderr }), done };
}

/** Runs the built CLI to completion. */
export async function runSrx(args: readonly string[], env: Record<string, string | undefined>, cwd = ROOT) {
  return spawnSrx(args, env, cwd).done;
}

/** Polls `check` until it returns a value (not undefined/false), at most `tries` times `everyMs` apart. */
export async function pollUntil<T>(check: () => Promise<T | undefined | false> | T | undefined | false, tries = 200, everyMs = 25): Promise<T | undefined> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return undefined;
}

const CT = 'application/vnd.schemaregistry.v1+json';

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers: { Accept: CT } });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Everything srx could have changed in one context of a registry, read over plain REST. */
export interface RegistryState {
  /** `subject` → `version:id:deleted` strings, ascending. */
  readonly versions: Record<string, string[]>;
  /** `subject` → its subject-level mode, or null. */
  readonly subjectModes: Record<string, string | null>;
  /** `subject` → subject-level compatibility, or null. */
  readonly subjectConfig: Record<string, string | null>;
  /** The context (global, for `.`) mode. */
  readonly mode: string;
}

/** Reads one context of a registry (default `.`): every subject incl. soft-deleted, versions, ids, modes, config. */
export async function readRegistryState(baseUrl: string, context = '.'): Promise<RegistryState> {
  const prefix = context === '.' ? '' : `/contexts/${context}`;
  const subjects = ((await getJson<string[] | null>(`${baseUrl}${prefix}/subjects?deleted=true`)).body ?? []).sort();
  const versions: Record<string, string[]> = {};
  const subjectModes: Record<string, string | null> = {};
  const subjectConfig: Record<string, string | null> = {};
  await Promise.all(
    subjects.map(async (subject) => {
      const path = `${baseUrl}${prefix}/subjects/${encodeURIComponent(subject).replace(/%3A/gi, ':')}`;
      const all = (await getJson<number[]>(`${path}/versions?deleted=true`)).body ?? [];
      const live = new Set((await getJson<number[]>(`${path}/versions`)).body ?? []);
      const rows = await Promise.all(
        all.map(async (v) => {
          const { body } = await getJson<{ id: number }>(`${path}/versions/${v}?deleted=true`);
          return `${v}:${body.id}:${live.has(v) ? 'live' : 'deleted'}`;
        }),
      );
      versions[subject] = rows;
      const mode = await getJson<{ mode?: string }>(`${baseUrl}${prefix}/mode/${encodeURIComponent(subject)}`);
      subjectModes[subject] = mode.status === 200 ? (mode.body.mode ?? '').toUpperCase() : null;
      const config = await getJson<{ compatibilityLevel?: string }>(`${baseUrl}${prefix}/config/${encodeURIComponent(subject)}`);
      subjectConfig[subject] = config.status === 200 ? (config.body.compatibilityLevel ?? null) : null;
    }),
  );
  const mode = (await getJson<{ mode: string }>(`${baseUrl}${prefix}/mode`)).body.mode.toUpperCase();
  return { versions, subjectModes, subjectConfig, mode };
}

/** Every mode in a state that is not READWRITE-by-default (IMPORT or READONLY left behind). */
export function modesLeftBehind(state: RegistryState): string[] {
  const out = Object.entries(state.subjectModes)
    .filter(([, m]) => m !== null)
    .map(([s, m]) => `${s}=${m}`);
  if (state.mode !== 'READWRITE') out.push(`(context)=${state.mode}`);
  return out;
}

/** A registration's request path at AxonOps' two endpoints: one version (`…/versions`) or a bulk import (`/import/schemas`). */
export const REGISTRATION = /\/versions$|\/import\/schemas$/;
