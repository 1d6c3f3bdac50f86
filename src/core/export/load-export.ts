import { constants, existsSync, lstatSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { describeJsonError } from '../config/describe-json-error.js';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ExportFormatError, messageOf, errnoOf } from '../errors.js';
import { isValidContext, qualifySubject } from '../registry/paths.js';
import { mapLimit } from '../registry/limiter.js';
import type { Snapshot } from '../snapshot/types.js';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  MANIFEST_FILE,
  exportChecksum,
  exportDocumentSchema,
  sha256Hex,
  type ExportDocument,
  type ExportVersion,
} from './format.js';
import { finishInterruptedSwap } from './swap-directory.js';

/** A verified export: its document with every schema text inline, and where it was read from. */
export interface LoadedExport {
  /** Every version carries `schema` (read from its file for a `dir` export). */
  readonly document: ExportDocument;
  /** Absolute path of the `.json` file or the export directory. */
  readonly path: string;
  /** The file that was parsed (the `.json` file, or the directory's manifest). */
  readonly documentFile: string;
}

/**
 * Reads a `.json` export file or an export directory and returns it as a Snapshot (kind 'export').
 * Verifies the format version, the structure, every schema's sha256 and the whole-export sha256;
 * anything wrong (missing file, truncated JSON, bad checksum, unknown version) is an
 * ExportFormatError naming it. `name` is the registry name the snapshot carries (default the path).
 */
export async function loadExport(path: string, options: { name?: string } = {}): Promise<Snapshot> {
  return snapshotOfExport(await readExport(path), options.name ?? path);
}

/** The Snapshot a verified export stands for. */
export function snapshotOfExport(loaded: LoadedExport, name: string): Snapshot {
  const { document } = loaded;
  return {
    registry: { name, url: `file:${loaded.path}`, kind: 'export' },
    takenAt: document.exportedAt,
    scope: document.scope,
    contexts: document.contexts.map((ctx) => ({
      name: ctx.name,
      compatibility: ctx.compatibility,
      mode: ctx.mode,
      subjects: ctx.subjects.map((s) => ({
        name: s.name,
        compatibility: s.compatibility,
        mode: s.mode,
        versions: s.versions.map((v) => ({
          version: v.version,
          id: v.id,
          schemaType: v.schemaType,
          schema: v.schema!,
          references: v.references,
          deleted: v.deleted,
          ...(v.metadata !== undefined ? { metadata: v.metadata } : {}),
          ...(v.ruleSet !== undefined ? { ruleSet: v.ruleSet } : {}),
        })),
      })),
    })),
  };
}

/** Reads and verifies an export (see {@link loadExport}). */
export async function readExport(path: string): Promise<LoadedExport> {
  const { root, documentFile, isDir } = locate(resolve(path));
  if (isDir) await finishSwap(root);
  if (isDir) checkInside(root, MANIFEST_FILE);
  const document = parseDocument(await readText(documentFile, `${root}: not an srx export directory: ${MANIFEST_FILE} is missing`, isDir), documentFile);
  if (isDir && document.layout !== 'dir') fail(`${documentFile}: layout is "${document.layout}" but it was found in an export directory`);
  checkStructure(document, documentFile);
  // A directory export's manifest given by any name: its files are next to it.
  const base = isDir ? root : dirname(documentFile);
  const withSchemas = document.layout === 'dir' ? await readSchemaFiles(document, base) : document;
  checkChecksums(withSchemas, documentFile, base);
  return { document: withSchemas, path: root, documentFile };
}

function locate(path: string): { root: string; documentFile: string; isDir: boolean } {
  if (!existsSync(path)) fail(`export not found: ${path}`);
  if (statSync(path).isDirectory()) return { root: path, documentFile: join(path, MANIFEST_FILE), isDir: true };
  // The manifest of a directory export, given directly: the directory is the export.
  if (basename(path) === MANIFEST_FILE) return { root: dirname(path), documentFile: path, isDir: false };
  return { root: path, documentFile: path, isDir: false };
}

/**
 * Reads a regular file without following a final symlink inside an export (O_NOFOLLOW) and without blocking on a FIFO
 * (O_NONBLOCK): anything but a regular file is refused before a byte is read.
 */
async function readText(file: string, missing: string, isInside = true): Promise<string> {
  let handle;
  try {
    // The export itself (a file the user named) may be a link; what is inside a directory export may not.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | (isInside ? constants.O_NOFOLLOW : 0));
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT') fail(missing);
    if (code === 'ELOOP') fail(`${file}: is a symbolic link; srx never follows links inside an export`);
    fail(`${file}: cannot read: ${code ?? messageOf(error)}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) fail(`${file}: not a regular file (${kindOf(stats)}); srx reads only regular files in an export`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

function kindOf(stats: { isFIFO(): boolean; isDirectory(): boolean; isSocket(): boolean; isSymbolicLink(): boolean }): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'a device or special file';
}

/**
 * Refuses a path inside an export directory that passes through a symbolic link (a folder or the file
 * itself) or names anything but a regular file: an export is srx's own data, never a way to read elsewhere.
 */
function checkInside(root: string, file: string, where?: string): void {
  let path = root;
  const parts = file.split('/');
  parts.forEach((part, i) => {
    path = join(path, part);
    let stats;
    try {
      stats = lstatSync(path);
    } catch {
      return; // missing: reported by the read, with its own message
    }
    const about = where ? ` (subject ${where})` : '';
    if (stats.isSymbolicLink()) fail(`${path}: is a symbolic link; srx never follows links inside an export${about}`);
    const isLast = i === parts.length - 1;
    if (isLast && !stats.isFile()) fail(`${path}: not a regular file (${kindOf(stats)}); srx reads only regular files in an export${about}`);
    if (!isLast && !stats.isDirectory()) fail(`${path}: not a directory${about}`);
  });
}

function parseDocument(text: string, file: string): ExportDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(`${file}: not valid JSON (truncated or hand-edited?): ${describeJsonError(messageOf(error), text).replace(/^invalid JSON: /, '')}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`${file}: not an srx export (expected a JSON object)`);
  const { format, formatVersion } = raw as { format?: unknown; formatVersion?: unknown };
  if (format !== EXPORT_FORMAT) fail(`${file}: not an srx export ("format" is ${JSON.stringify(format) ?? 'missing'}, expected "${EXPORT_FORMAT}")`);
  if (formatVersion !== EXPORT_FORMAT_VERSION) {
    fail(
      `${file}: unknown export format version ${JSON.stringify(formatVersion) ?? '(missing)'}; this srx reads version ${EXPORT_FORMAT_VERSION}`,
      typeof formatVersion === 'number' && formatVersion > EXPORT_FORMAT_VERSION ? 'upgrade srx to read this export' : undefined,
    );
  }
  const parsed = exportDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(`${file}: invalid export at ${formatPath(issue.path) || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Duplicates, bad context names and versions without their storage field. */
function checkStructure(document: ExportDocument, file: string): void {
  const contexts = new Set<string>();
  for (const ctx of document.contexts) {
    if (!isValidContext(ctx.name) || !(ctx.name === '.' || ctx.name.startsWith('.'))) fail(`${file}: invalid context name "${ctx.name}"`);
    if (contexts.has(ctx.name)) fail(`${file}: context "${ctx.name}" appears twice`);
    contexts.add(ctx.name);
    const subjects = new Set<string>();
    for (const subject of ctx.subjects) {
      const where = qualifySubject(ctx.name, subject.name);
      if (subjects.has(subject.name)) fail(`${file}: subject ${where} appears twice`);
      subjects.add(subject.name);
      const versions = new Set<number>();
      for (const v of subject.versions) {
        if (versions.has(v.version)) fail(`${file}: subject ${where} version ${v.version} appears twice`);
        versions.add(v.version);
        const field = document.layout === 'dir' ? 'file' : 'schema';
        if (v[field] === undefined) fail(`${file}: subject ${where} version ${v.version} has no "${field}"`);
      }
    }
  }
}

async function readSchemaFiles(document: ExportDocument, root: string): Promise<ExportDocument> {
  const contexts = await mapLimit(document.contexts, 1, async (ctx) => ({
    ...ctx,
    subjects: await mapLimit(ctx.subjects, 8, async (subject) => ({
      ...subject,
      versions: await mapLimit(subject.versions, 4, async (v): Promise<ExportVersion> => {
        const where = `${qualifySubject(ctx.name, subject.name)} version ${v.version}`;
        const target = safeJoin(root, v.file!, where);
        checkInside(root, v.file!, where);
        const text = await readText(target, `${root}: missing file ${v.file} (subject ${where})`);
        return { ...v, schema: text.endsWith('\n') ? text.slice(0, -1) : text };
      }),
    })),
  }));
  return { ...document, contexts };
}

/** Resolves a manifest file path inside the export directory; refuses anything that escapes it. */
function safeJoin(root: string, file: string, where: string): string {
  const target = resolve(root, ...file.split('/'));
  const rel = relative(root, target);
  if (file.includes('\\') || isAbsolute(file) || rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    fail(`${root}: file path "${file}" of subject ${where} points outside the export directory`);
  }
  return target;
}

function checkChecksums(document: ExportDocument, file: string, root: string): void {
  for (const ctx of document.contexts) {
    for (const subject of ctx.subjects) {
      for (const v of subject.versions) {
        checkSchemaText(v, qualifySubject(ctx.name, subject.name), file);
        const actual = sha256Hex(v.schema!);
        if (actual !== v.sha256) {
          const holder = v.file ? join(root, ...v.file.split('/')) : file;
          fail(
            `${holder}: checksum mismatch for subject ${qualifySubject(ctx.name, subject.name)} version ${v.version}: ` +
              `the schema text was changed (sha256 ${actual.slice(0, 12)}…, expected ${v.sha256.slice(0, 12)}…)`,
          );
        }
      }
    }
  }
  const whole = exportChecksum(document);
  if (whole !== document.sha256) {
    fail(
      `${file}: export checksum mismatch: the export was edited after it was written (sha256 ${whole.slice(0, 12)}…, expected ${document.sha256.slice(0, 12)}…)`,
    );
  }
}

/** AVRO and JSON schema texts are JSON: one that does not parse is refused before anything is written. */
function checkSchemaText(v: ExportVersion, subject: string, file: string): void {
  if (v.schemaType === 'PROTOBUF') return;
  try {
    JSON.parse(v.schema!);
  } catch (error) {
    // Never V8's message: it quotes the text, which for a hostile export may be another file's first bytes.
    fail(
      `${file}: subject ${subject} version ${v.version}: invalid ${v.schemaType} schema (not JSON: ${describeJsonError(messageOf(error), v.schema!).replace(/^invalid JSON: /, '')})`,
    );
  }
}

function fail(message: string, hint?: string): never {
  throw new ExportFormatError('E_EXPORT_FORMAT', message, hint ?? 'export the registry again, or restore the export from version control');
}

/** An export directory whose re-export was killed mid-swap is finished first (the new export was complete). */
async function finishSwap(root: string): Promise<void> {
  try {
    await finishInterruptedSwap(root);
  } catch (error) {
    fail(`${root}: a re-export was interrupted while replacing this export and cannot be finished here (${errnoOf(error) ?? 'error'}); run the export again`);
  }
}
