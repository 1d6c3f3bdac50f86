import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, messageOf, errnoOf } from '../errors.js';
import { appendRotating, DEFAULT_ROTATION, type RotationPolicy } from '../state/rotating-file.js';
import { ensureDir, STATE_FILE_MODE } from '../state/state-dir.js';
import type { SyncFingerprint, SyncJobDefinition, SyncRunRecord, SyncWorkerState } from './types.js';

/** A new job id: `sync-` and 8 hex digits. */
export function newSyncJobId(): string {
  return `sync-${randomBytes(4).toString('hex')}`;
}

/** The identity two schedules must not share while one runs: source, target and scope. */
export function jobLockKey(job: Pick<SyncJobDefinition, 'source' | 'target' | 'scope'>): string {
  return createHash('sha256')
    .update(JSON.stringify([job.source, job.target, job.scope]))
    .digest('hex')
    .slice(0, 24);
}

/**
 * Sync jobs on disk: `<state>/sync/<id>/job.json` (definition), `state.json` (worker),
 * `runs.jsonl` (one line per run), `worker.log`; `<state>/sync/locks/<key>.lock`.
 */
export class SyncJobStore {
  readonly root: string;

  /** Masks known secrets in a run record or log line before it is written (a failed run's error may quote a registry's echo). */
  private readonly redact: (text: string) => string;
  readonly rotation: RotationPolicy;

  constructor(stateDir: string, options: { readonly redact?: (text: string) => string; readonly rotation?: RotationPolicy } = {}) {
    this.redact = options.redact ?? ((text) => text);
    this.rotation = options.rotation ?? DEFAULT_ROTATION;
    this.root = join(stateDir, 'sync');
  }

  /** The job's directory. */
  dir(id: string): string {
    return join(this.root, id);
  }

  /** The worker's log file. */
  logPath(id: string): string {
    return join(this.dir(id), 'worker.log');
  }

  /** Writes a new job's definition. */
  create(job: SyncJobDefinition): void {
    ensureDir(this.dir(job.id));
    writeAtomic(join(this.dir(job.id), 'job.json'), job);
  }

  /** The job's definition; an unknown id is a UsageError (exit 2). */
  read(id: string): SyncJobDefinition {
    if (!/^[\w.-]+$/.test(id) || !existsSync(join(this.dir(id), 'job.json'))) {
      throw new UsageError('E_SYNC_UNKNOWN_JOB', `no sync job "${id}" in ${this.root}`, 'list jobs with `srx sync status`');
    }
    const path = join(this.dir(id), 'job.json');
    const job = readJson<SyncJobDefinition>(path);
    const fields = ['id', 'source', 'target', 'createdAt', 'cwd'] as const;
    if (!job || typeof job !== 'object' || fields.some((key) => typeof job[key] !== 'string') || typeof job.intervalMs !== 'number') {
      throw corruptJob(path, 'not a sync job definition');
    }
    return job;
  }

  /** Every job, oldest first. */
  list(): SyncJobDefinition[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root)
      .filter((name) => name !== 'locks' && existsSync(join(this.root, name, 'job.json')))
      .map((id) => this.read(id))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** What the worker last wrote about itself; undefined before it started (or unreadable). */
  readState(id: string): SyncWorkerState | undefined {
    const path = join(this.dir(id), 'state.json');
    if (!existsSync(path)) return undefined;
    try {
      return readJson<SyncWorkerState>(path);
    } catch {
      return undefined;
    }
  }

  /** Replaces state.json atomically. */
  writeState(id: string, state: SyncWorkerState): void {
    writeAtomic(join(this.dir(id), 'state.json'), state);
  }

  /** Appends one run; a torn last line (a worker killed mid-write) is ended first so this one stays whole. */
  /** Records the process `schedule` spawned, before the worker reports itself. */
  writeSpawn(id: string, spawned: { pid: number; processStart?: string }): void {
    writeAtomic(join(this.dir(id), 'spawn.json'), spawned);
  }

  /** The process `schedule` spawned, if any. */
  readSpawn(id: string): { pid: number; processStart?: string } | undefined {
    try {
      return readJson<{ pid: number; processStart?: string }>(join(this.dir(id), 'spawn.json'));
    } catch {
      return undefined;
    }
  }

  /** Removes a job that never started (a refused schedule). */
  remove(id: string): void {
    rmSync(this.dir(id), { recursive: true, force: true });
  }

  appendRun(id: string, run: SyncRunRecord): void {
    const path = join(this.dir(id), 'runs.jsonl');
    const torn = existsSync(path) && endsMidLine(path);
    appendRotating(path, `${torn ? '\n' : ''}${this.redact(JSON.stringify(run))}\n`, this.rotation);
  }

  /** The listing fingerprints the last clean run left (see listing-fingerprint.ts), if any. */
  readFingerprint(id: string): SyncFingerprint | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir(id), 'fingerprint.json'), 'utf8')) as SyncFingerprint;
    } catch {
      return undefined;
    }
  }

  /** Records (or, with undefined, forgets) the fingerprints of both sides after a clean run. */
  writeFingerprint(id: string, fingerprint: SyncFingerprint | undefined): void {
    const path = join(this.dir(id), 'fingerprint.json');
    if (!fingerprint) return rmSync(path, { force: true });
    writeFileSync(`${path}.tmp`, JSON.stringify(fingerprint), { mode: STATE_FILE_MODE });
    renameSync(`${path}.tmp`, path);
  }

  /** Appends one line to the job's worker.log (rotated like runs.jsonl). */
  appendLog(id: string, text: string): void {
    appendRotating(this.logPath(id), this.redact(text), this.rotation);
  }

  /** The number of the job's newest run (0 when none), rotated runs.jsonl included. */
  lastRunNumber(id: string): number {
    const current = this.readRuns(id).at(-1)?.run;
    if (current !== undefined) return current;
    const rotated = join(this.dir(id), 'runs.jsonl.1');
    if (!existsSync(rotated)) return 0;
    const lines = readFileSync(rotated, 'utf8').trim().split('\n').reverse();
    for (const line of lines) {
      try {
        return (JSON.parse(line) as SyncRunRecord).run;
      } catch {
        // torn line
      }
    }
    return 0;
  }

  /** Recorded runs, oldest first (a torn last line is ignored); `last` keeps only the newest n. */
  readRuns(id: string, last?: number): SyncRunRecord[] {
    const path = join(this.dir(id), 'runs.jsonl');
    if (!existsSync(path)) return [];
    const runs: SyncRunRecord[] = [];
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        runs.push(JSON.parse(line) as SyncRunRecord);
      } catch {
        // a line being written while we read
      }
    }
    return last === undefined ? runs : runs.slice(-last);
  }

  /**
   * Takes the lock of `key` for job `id`. When another job holds it and `isActive(holder)`
   * says that job still runs, returns the holder's id (and takes nothing); a stale lock is replaced.
   */
  acquireLock(key: string, id: string, isActive: (holderId: string) => boolean): string | undefined {
    const path = this.lockPath(key);
    ensureDir(join(this.root, 'locks'));
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        writeFileSync(path, id, { flag: 'wx', mode: STATE_FILE_MODE });
        return undefined;
      } catch (error) {
        if (errnoOf(error) !== 'EEXIST') throw error;
      }
      const holder = readText(path);
      if (holder === id) return undefined;
      if (holder && isActive(holder)) return holder;
      rmSync(path, { force: true });
    }
    return readText(path) ?? 'unknown';
  }

  /** Releases the lock of `key` if job `id` holds it. */
  releaseLock(key: string, id: string): void {
    const path = this.lockPath(key);
    if (readText(path) === id) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  }

  private lockPath(key: string): string {
    return join(this.root, 'locks', `${key}.lock`);
  }
}

function writeAtomic(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: STATE_FILE_MODE });
  renameSync(tmp, path);
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw corruptJob(path, `not valid JSON (${messageOf(error)})`);
  }
}

/** A job file srx cannot use (edited by hand, or a disk that failed): exit 2 naming it, never a crash. */
function corruptJob(path: string, what: string): UsageError {
  return new UsageError('E_SYNC_JOB_CORRUPT', `${path}: ${what}`, 'stop the job by hand if it still runs, then remove its directory and schedule it again');
}

function endsMidLine(path: string): boolean {
  const size = statSync(path).size;
  if (size === 0) return false;
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}
