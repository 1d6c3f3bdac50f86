import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError, errnoOf, fileFailure } from '../errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** `--state-dir`, else SRX_STATE_DIR, else $XDG_STATE_HOME/srx, else ~/.local/state/srx. */
export function resolveStateDir(flag: string | undefined, env: Env, cwd: string): string {
  if (flag) return resolve(cwd, flag);
  if (env.SRX_STATE_DIR) return resolve(cwd, env.SRX_STATE_DIR);
  if (env.XDG_STATE_HOME) return join(resolve(cwd, env.XDG_STATE_HOME), 'srx');
  return join(env.HOME || homedir(), '.local', 'state', 'srx');
}

/** State folders are private to their owner: journals and run logs hold registry names, subjects and errors. */
export const STATE_DIR_MODE = 0o700;
/** State files are readable and writable by their owner only. */
export const STATE_FILE_MODE = 0o600;

/** Creates the directory (and parents, each 0700); a clear UsageError when it cannot. */
export function ensureDir(dir: string): string {
  try {
    makeDir(dir);
    return dir;
  } catch (error) {
    throw new UsageError(
      'E_STATE_DIR',
      `cannot create state directory ${dir}: ${fileFailure(error)}`,
      'set --state-dir or SRX_STATE_DIR to a writable directory',
      { cause: error },
    );
  }
}

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir never returns for a path under /proc
 * (it retries the ENOENT forever), so an unwritable --state-dir there would hang srx.
 */
function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: STATE_DIR_MODE });
    return;
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
  }
  makeDir(dirname(dir));
  mkdirSync(dir, { mode: STATE_DIR_MODE });
}

interface StoredSettings {
  defaultRegistry?: string;
}

const SETTINGS_FILE = 'settings.json';

/** The default registry chosen with `srx registry use`, if any. */
export function readDefaultRegistry(stateDir: string): string | undefined {
  try {
    const settings = JSON.parse(readFileSync(join(stateDir, SETTINGS_FILE), 'utf8')) as StoredSettings;
    return typeof settings.defaultRegistry === 'string' ? settings.defaultRegistry : undefined;
  } catch {
    return undefined;
  }
}

/** Stores the default registry atomically (write to a temp file, then rename). */
export function writeDefaultRegistry(stateDir: string, name: string): void {
  ensureDir(stateDir);
  const path = join(stateDir, SETTINGS_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify({ defaultRegistry: name }, null, 2)}\n`, { mode: STATE_FILE_MODE });
    renameSync(tmp, path);
  } catch (error) {
    throw new UsageError('E_STATE_DIR', `cannot write ${path}: ${fileFailure(error)}`, undefined, {
      cause: error,
    });
  }
}
