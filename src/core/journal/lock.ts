import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationLockedError, UsageError, errnoOf } from '../errors.js';
import { ensureDir, STATE_FILE_MODE } from '../state/state-dir.js';
import { targetIdentity } from '../registry/target-identity.js';
import { journalsDir } from './journal.js';

/** Who holds a target lock. */
export interface LockInfo {
  readonly pid: number;
  readonly migrationId: string;
  readonly target: string;
  readonly at: string;
}

/** The lock file guarding one target (by identity: every spelling of its URL) within a state directory. */
export function lockPath(stateDir: string, targetUrl: string): string {
  const digest = createHash('sha256').update(targetIdentity(targetUrl)).digest('hex').slice(0, 16);
  return join(journalsDir(stateDir), `target-${digest}.lock`);
}

/** True when a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoOf(error) === 'EPERM';
  }
}

/** Reads a lock file; undefined when absent or unreadable. */
export function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock (O_EXCL create); a stale lock (its process is gone) is replaced.
 * Returns a release function. MigrationLockedError when a live srx process holds it.
 */
export function acquireTargetLock(stateDir: string, target: { name: string; url: string }, migrationId: string): () => void {
  ensureDir(journalsDir(stateDir));
  const path = lockPath(stateDir, target.url);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', STATE_FILE_MODE);
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, migrationId, target: target.name, at: new Date().toISOString() } satisfies LockInfo));
      } finally {
        closeSync(fd);
      }
      return () => {
        try {
          if (readLock(path)?.migrationId === migrationId) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if (errnoOf(error) !== 'EEXIST') {
        throw new UsageError('E_STATE_DIR', `cannot create lock ${path}: ${errnoOf(error)}`, undefined, { cause: error });
      }
      const holder = readLock(path);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new MigrationLockedError(
          'E_MIGRATION_LOCKED',
          `another srx process (pid ${holder.pid}, migration ${holder.migrationId}) is migrating into ${target.name}`,
          'wait for it to finish, or check `srx migrate status`',
        );
      }
      if (holder && holder.pid === process.pid) {
        throw new MigrationLockedError('E_MIGRATION_LOCKED', `migration ${holder.migrationId} is already running into ${target.name}`);
      }
      try {
        unlinkSync(path);
      } catch {
        // raced with another process; retry
      }
    }
  }
  throw new MigrationLockedError('E_MIGRATION_LOCKED', `could not take the migration lock for ${target.name} (${path})`);
}
