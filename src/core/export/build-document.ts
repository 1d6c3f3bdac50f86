import { maskUrl } from '../config/redact.js';
import type { Snapshot, SnapshotVersion } from '../snapshot/types.js';
import { assignSegments, contextDirectory } from './export-paths.js';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  exportChecksum,
  schemaFileExtension,
  sha256Hex,
  type ExportContext,
  type ExportDocument,
  type ExportLayout,
  type ExportVersion,
} from './format.js';

/** A built export: the document, and for `dir` the schema files (relative path → text). */
export interface BuiltExport {
  readonly document: ExportDocument;
  readonly files: ReadonlyMap<string, string>;
}

/** Options of {@link buildExportDocument}. */
export interface BuildExportOptions {
  readonly layout: ExportLayout;
  /** ISO time written as `exportedAt`; default the snapshot's `takenAt`. */
  readonly exportedAt?: string;
}

/** Pure: the export document of a snapshot, in a stable order (same state → same bytes). */
export function buildExportDocument(snapshot: Snapshot, options: BuildExportOptions): BuiltExport {
  const files = new Map<string, string>();
  const contexts = [...snapshot.contexts].sort((a, b) => compareText(a.name, b.name));
  const contextSegments = assignSegments(contexts.filter((c) => c.name !== '.').map((c) => c.name.slice(1)));
  const exportContexts: ExportContext[] = contexts.map((ctx) => {
    const subjects = [...ctx.subjects].sort((a, b) => compareText(a.name, b.name));
    const subjectSegments = assignSegments(subjects.map((s) => s.name));
    const base = contextDirectory(ctx.name, contextSegments.get(ctx.name.slice(1)) ?? '');
    return {
      name: ctx.name,
      compatibility: ctx.compatibility,
      mode: ctx.mode,
      subjects: subjects.map((s) => ({
        name: s.name,
        compatibility: s.compatibility,
        mode: s.mode,
        versions: [...s.versions]
          .sort((a, b) => a.version - b.version)
          .map((v) => {
            const file = `${base}subjects/${subjectSegments.get(s.name)}/v${v.version}${schemaFileExtension(v.schemaType)}`;
            if (options.layout === 'dir') files.set(file, v.schema);
            return exportVersion(v, options.layout === 'dir' ? { file } : { schema: v.schema });
          }),
      })),
    };
  });
  const body = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    layout: options.layout,
    source: { name: snapshot.registry.name, url: safeUrl(snapshot.registry.url) },
    exportedAt: options.exportedAt ?? snapshot.takenAt,
    scope: sortKeys(snapshot.scope) as ExportDocument['scope'],
    summary: summarize(exportContexts),
    contexts: exportContexts,
  } as const;
  return { document: { ...body, sha256: exportChecksum(body) }, files };
}

function exportVersion(v: SnapshotVersion, storage: { schema?: string; file?: string }): ExportVersion {
  return {
    version: v.version,
    id: v.id,
    schemaType: v.schemaType,
    references: v.references.map((r) => ({ name: r.name, subject: r.subject, version: r.version })),
    deleted: v.deleted,
    sha256: sha256Hex(v.schema),
    ...storage,
    ...(exportedMetadata(v.metadata) !== undefined ? { metadata: exportedMetadata(v.metadata) } : {}),
    ...(v.ruleSet !== undefined && v.ruleSet !== null ? { ruleSet: sortKeys(v.ruleSet) } : {}),
  };
}

/**
 * Data-contract metadata as exported: without `confluent:version`, which some servers (AxonOps) add
 * to every version they return; it describes the server, not the schema. Undefined when nothing is left.
 */
function exportedMetadata(metadata: unknown): unknown {
  if (metadata === undefined || metadata === null) return undefined;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) return sortKeys(metadata);
  const { properties, ...rest } = metadata as { properties?: Record<string, unknown> };
  const kept =
    properties && typeof properties === 'object' ? Object.fromEntries(Object.entries(properties).filter(([k]) => k !== 'confluent:version')) : properties;
  const out = { ...rest, ...(kept && Object.keys(kept).length > 0 ? { properties: kept } : {}) };
  const meaningful = Object.values(out).some(
    (value) => value !== undefined && value !== null && !(typeof value === 'object' && Object.keys(value).length === 0),
  );
  return meaningful ? sortKeys(out) : undefined;
}

function summarize(contexts: readonly ExportContext[]): ExportDocument['summary'] {
  const subjects = contexts.flatMap((c) => c.subjects);
  return { contexts: contexts.length, subjects: subjects.length, versions: subjects.reduce((n, s) => n + s.versions.length, 0) };
}

/** The URL without credentials or query string (tokens sometimes travel there). */
function safeUrl(url: string): string {
  return maskUrl(url).replace(/[?#].*$/, '');
}

/** Code-unit order: independent of locale, so exports are identical on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A deep copy with object keys sorted (stable serialization of registry-provided objects). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareText(a, b))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}
