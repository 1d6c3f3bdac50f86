/**
 * The srx export format, version 1 (SPEC section 7).
 *
 * One document describes a registry (or part of it): the source (URL with credentials masked),
 * when it was exported, the scope, global/context and subject compatibility and mode, and every
 * context, subject and version with its id, type, references, deleted flag and the sha256 of its
 * schema text. `format: 'json'` keeps each schema text inline (`schema`); `format: 'dir'` keeps it
 * in its own file (`file`, relative to the directory holding `manifest.json`).
 *
 * `sha256` (the whole-export checksum) is the sha256 of the canonical serialization
 * ({@link canonicalExport}): every field except `exportedAt`, `sha256` itself and the
 * storage fields `schema`/`file`, whose content the per-version `sha256` already covers.
 * So the checksum does not depend on the time of the export or on its layout: a `json` and a
 * `dir` export of the same registry state carry the same checksum, and two exports of the same
 * state differ only in `exportedAt` (identical byte for byte when SOURCE_DATE_EPOCH is set).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SchemaType } from '../registry/types.js';

/** Identifies an srx export. */
export const EXPORT_FORMAT = 'srx-export';
/** The only format version this srx writes and reads. */
export const EXPORT_FORMAT_VERSION = 1;
/** File name of the manifest inside an export directory. */
export const MANIFEST_FILE = 'manifest.json';

/** How an export is stored: one JSON file, or a directory tree. */
export type ExportLayout = 'json' | 'dir';

/** One version of one subject in an export. */
export interface ExportVersion {
  readonly version: number;
  readonly id: number;
  readonly schemaType: SchemaType;
  readonly references: readonly { readonly name: string; readonly subject: string; readonly version: number }[];
  readonly deleted: boolean;
  /** sha256 (hex) of the schema text, UTF-8. */
  readonly sha256: string;
  /** The schema text exactly as the registry stored it (layout `json`). */
  readonly schema?: string;
  /** Path of the file holding the schema text, relative to the export directory, `/`-separated (layout `dir`). */
  readonly file?: string;
  readonly metadata?: unknown;
  readonly ruleSet?: unknown;
}

/** A subject in an export; versions ascending. */
export interface ExportSubject {
  readonly name: string;
  /** Subject-level compatibility; null when none is set at subject level. */
  readonly compatibility: string | null;
  /** Subject-level mode; null when none is set at subject level. */
  readonly mode: string | null;
  readonly versions: readonly ExportVersion[];
}

/** A context in an export (`.` is the default); subjects sorted by name. */
export interface ExportContext {
  readonly name: string;
  /** Context-level compatibility (global for `.`); null when unknown. */
  readonly compatibility: string | null;
  readonly mode: string | null;
  readonly subjects: readonly ExportSubject[];
}

/** The whole export document (`<file>.json`, or `manifest.json` of a directory). */
export interface ExportDocument {
  readonly format: typeof EXPORT_FORMAT;
  readonly formatVersion: typeof EXPORT_FORMAT_VERSION;
  readonly layout: ExportLayout;
  /** The registry exported: its name and URL (credentials masked). */
  readonly source: { readonly name: string; readonly url: string };
  /** ISO 8601 time of the export; not covered by the checksum. */
  readonly exportedAt: string;
  readonly scope: {
    readonly contexts?: readonly string[];
    readonly subjects?: readonly string[];
    readonly exclude?: readonly string[];
    readonly includeDeleted: boolean;
    readonly includeConfig: boolean;
  };
  readonly summary: { readonly contexts: number; readonly subjects: number; readonly versions: number };
  readonly contexts: readonly ExportContext[];
  /** sha256 (hex) of {@link canonicalExport}. */
  readonly sha256: string;
}

const sha = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256');
const reference = z.object({ name: z.string(), subject: z.string(), version: z.number().int() }).strict();
const version = z
  .object({
    version: z.number().int().positive(),
    id: z.number().int().nonnegative(),
    schemaType: z.enum(['AVRO', 'JSON', 'PROTOBUF']),
    references: z.array(reference),
    deleted: z.boolean(),
    sha256: sha,
    schema: z.string().optional(),
    file: z.string().optional(),
    metadata: z.unknown().optional(),
    ruleSet: z.unknown().optional(),
  })
  .strict();
const subject = z.object({ name: z.string().min(1), compatibility: z.string().nullable(), mode: z.string().nullable(), versions: z.array(version) }).strict();
const context = z.object({ name: z.string().min(1), compatibility: z.string().nullable(), mode: z.string().nullable(), subjects: z.array(subject) }).strict();

/** zod schema of a version-1 document (after the format and version were checked). */
export const exportDocumentSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    formatVersion: z.literal(EXPORT_FORMAT_VERSION),
    layout: z.enum(['json', 'dir']),
    source: z.object({ name: z.string(), url: z.string() }).strict(),
    exportedAt: z.string(),
    scope: z
      .object({
        contexts: z.array(z.string()).optional(),
        subjects: z.array(z.string()).optional(),
        exclude: z.array(z.string()).optional(),
        includeDeleted: z.boolean(),
        includeConfig: z.boolean(),
      })
      .strict(),
    summary: z.object({ contexts: z.number().int(), subjects: z.number().int(), versions: z.number().int() }).strict(),
    contexts: z.array(context),
    sha256: sha,
  })
  .strict();

/** sha256 (lowercase hex) of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON with object keys sorted at every level and no whitespace; `undefined` members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The serialization the whole-export checksum is computed over (see the file comment). */
export function canonicalExport(document: Omit<ExportDocument, 'sha256' | 'exportedAt' | 'layout'> & Partial<ExportDocument>): string {
  const { sha256: _sha, exportedAt: _at, layout: _layout, ...rest } = document;
  return canonicalJson({
    ...rest,
    contexts: rest.contexts.map((ctx) => ({
      ...ctx,
      subjects: ctx.subjects.map((s) => ({ ...s, versions: s.versions.map(({ schema: _s, file: _f, ...v }) => v) })),
    })),
  });
}

/** The whole-export checksum of a document. */
export function exportChecksum(document: Omit<ExportDocument, 'sha256' | 'exportedAt' | 'layout'> & Partial<ExportDocument>): string {
  return sha256Hex(canonicalExport(document));
}

/** File extension for a schema type in a `dir` export. */
export function schemaFileExtension(schemaType: SchemaType): string {
  return schemaType === 'AVRO' ? '.avsc' : schemaType === 'JSON' ? '.json' : '.proto';
}
