import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError, fileFailure } from '../errors.js';
import { isAlive } from '../journal/lock.js';
import { mapLimit } from '../registry/limiter.js';
import type { Snapshot } from '../snapshot/types.js';
import { buildExportDocument } from './build-document.js';
import { finishInterruptedSwap, isOwnFolder, swapInto } from './swap-directory.js';
import { EXPORT_FORMAT, MANIFEST_FILE, type ExportDocument, type ExportLayout } from './format.js';

/** Options of {@link exportSnapshot}. */
export interface ExportSnapshotOptions {
  readonly format: ExportLayout;
  /** File (json) or directory (dir). Without it, `json` is returned as `content` only; `dir` needs a path. */
  readonly path?: string;
  /** ISO time written as `exportedAt` (default the snapshot's `takenAt`). */
  readonly exportedAt?: string;
}

/** What was exported, and where. */
export interface ExportWriteResult {
  readonly document: ExportDocument;
  /** Absolute path written, or null when the JSON went nowhere but `content`. */
  readonly path: string | null;
  /** The JSON text of a `json` export (also when written to `path`); for `dir`, the manifest text. */
  readonly content: string;
  /** Number of files written. */
  readonly filesWritten: number;
}

/**
 * Writes a snapshot as an srx export. Output is byte-identical for the same registry state and
 * `exportedAt`. A `json` file is replaced atomically. A `dir` is written into an empty or new
 * directory, or over a previous srx export (its `manifest.json`, `subjects/` and `contexts/` are
 * replaced; other files such as `.git` are left alone): the new export is staged whole inside the
 * directory, then swapped in (see swap-directory.ts), so a kill leaves the previous export whole.
 */
export async function exportSnapshot(snapshot: Snapshot, options: ExportSnapshotOptions): Promise<ExportWriteResult> {
  const { document, files } = buildExportDocument(snapshot, { layout: options.format, exportedAt: options.exportedAt });
  const content = `${JSON.stringify(document, null, 2)}\n`;
  if (!options.path) {
    if (options.format === 'dir') throw new UsageError('E_USAGE_OPTION', '--format dir needs -o <directory>');
    return { document, path: null, content, filesWritten: 0 };
  }
  const path = resolve(options.path);
  try {
    if (options.format === 'json') {
      await writeAtomically(path, content);
      return { document, path, content, filesWritten: 1 };
    }
    await prepareDirectory(path);
    const stamp = `${process.pid}-${Date.now().toString(36)}`;
    const next = `.srx-next-${stamp}`;
    const prev = `.srx-prev-${stamp}`;
    try {
      await mkdir(join(path, prev), { recursive: true });
      await mapLimit([...files], 16, async ([file, text]) => {
        const target = join(path, next, ...file.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, `${text}\n`, 'utf8');
      });
      // Every entry is staged (empty when this export has none), so the swap replaces each one.
      for (const entry of ['subjects', 'contexts']) await mkdir(join(path, next, entry), { recursive: true });
      await writeFile(join(path, next, MANIFEST_FILE), content, 'utf8');
    } catch (error) {
      await rm(join(path, next), { recursive: true, force: true });
      await rm(join(path, prev), { recursive: true, force: true });
      throw error;
    }
    await swapInto(path, next, prev);
    return { document, path, content, filesWritten: files.size + 1 };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // A full disk, a path under a file, no permission: one line naming the path, not an internal error.
    throw new UsageError('E_USAGE_OUTPUT', `cannot write the export to ${path}: ${fileFailure(error)}`, undefined, { cause: error });
  }
}

async function writeAtomically(path: string, content: string): Promise<void> {
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new UsageError('E_USAGE_OUTPUT', `${path} is a directory; use --format dir to export into a directory`);
  }
  if (existsSync(path) && !statSync(path).isFile()) {
    // A device, pipe or /dev/stdout: write into it; a rename would replace the node itself (as root: /dev/full, /dev/stdout).
    await writeFile(path, content, 'utf8');
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  await removeStaleTemps(path);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, content, 'utf8');
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Makes the directory ready: created when new; an export swap a kill interrupted is finished and
 * leftover staging folders of killed runs removed; a directory that holds files but no srx manifest
 * (besides `.git`) is refused, never written into.
 */
async function prepareDirectory(path: string): Promise<void> {
  if (!existsSync(path)) {
    await mkdir(path, { recursive: true });
    return;
  }
  if (!statSync(path).isDirectory()) throw new UsageError('E_USAGE_OUTPUT', `${path} exists and is not a directory`);
  await finishInterruptedSwap(path);
  for (const name of await readdir(path)) if (isOwnFolder(name)) await rm(join(path, name), { recursive: true, force: true });
  const entries = (await readdir(path)).filter((name) => name !== '.git');
  if (entries.length === 0) return;
  if (!(await isExportManifest(join(path, MANIFEST_FILE)))) {
    throw new UsageError(
      'E_USAGE_OUTPUT',
      `${path} is not empty and holds no srx export (no ${MANIFEST_FILE}); refusing to write into it`,
      'choose a new or empty directory, or a previous srx export directory',
    );
  }
}

async function isExportManifest(file: string): Promise<boolean> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { format?: unknown };
    return parsed.format === EXPORT_FORMAT;
  } catch {
    return false;
  }
}

/** `<file>.<pid>.tmp` files that killed srx runs left next to `path`. */
async function removeStaleTemps(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  for (const name of await readdir(dirname(path))) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length, -'.tmp'.length)) : NaN;
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) await rm(join(dirname(path), name), { force: true });
  }
}
