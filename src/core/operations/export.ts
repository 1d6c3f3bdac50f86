import type { Progress } from '../progress.js';
import { exportSnapshot } from '../export/write-export.js';
import type { ExportLayout } from '../export/format.js';
import { assertScopeMatches } from '../snapshot/check-scope.js';
import { readSourceSnapshot, type SnapshotSource } from './read-source.js';

/** Everything `runExport` needs. */
export interface ExportRequest {
  readonly source: SnapshotSource;
  readonly format: ExportLayout;
  /** File or directory; without it a `json` export is returned in `content`. */
  readonly path?: string;
  readonly contexts?: readonly string[];
  readonly subjects?: readonly string[];
  readonly exclude?: readonly string[];
  readonly includeDeleted: boolean;
  /** Time written as `exportedAt` (SOURCE_DATE_EPOCH); default the time of reading. */
  readonly exportedAt?: string;
  readonly progress?: Progress;
  readonly concurrency?: number;
  /** `--subjects`/`--context` selecting nothing is fine (default: an EmptyScopeError, exit 2). */
  readonly allowEmpty?: boolean;
}

/** What `srx export` did (JSON kind "export"). */
export interface ExportResult {
  readonly kind: 'export';
  readonly format: ExportLayout;
  /** Absolute path written; null when the export went to stdout. */
  readonly path: string | null;
  readonly source: { readonly name: string; readonly url: string };
  readonly exportedAt: string;
  /** Whole-export checksum (independent of time and layout). */
  readonly sha256: string;
  readonly summary: {
    readonly contexts: number;
    readonly subjects: number;
    readonly versions: number;
    readonly deletedVersions: number;
    readonly files: number;
  };
}

/** Reads the source (registry or export) in scope and writes it as an export; `content` holds the JSON text. */
export async function runExport(request: ExportRequest): Promise<{ result: ExportResult; content: string }> {
  const snapshot = await readSourceSnapshot(request.source, {
    contexts: request.contexts,
    subjects: request.subjects,
    exclude: request.exclude,
    includeDeleted: request.includeDeleted,
    includeConfig: true,
    progress: request.progress,
    concurrency: request.concurrency,
  });
  assertScopeMatches([snapshot], { contexts: request.contexts, subjects: request.subjects, exclude: request.exclude }, request.allowEmpty);
  const step = request.path ? `writing ${request.path}` : 'writing the export';
  request.progress?.start(step);
  const written = await exportSnapshot(snapshot, { format: request.format, path: request.path, exportedAt: request.exportedAt });
  request.progress?.succeed(step);
  const { document } = written;
  const versions = document.contexts.flatMap((c) => c.subjects.flatMap((s) => s.versions));
  return {
    content: written.content,
    result: {
      kind: 'export',
      format: request.format,
      path: written.path,
      source: document.source,
      exportedAt: document.exportedAt,
      sha256: document.sha256,
      summary: { ...document.summary, deletedVersions: versions.filter((v) => v.deleted).length, files: written.filesWritten },
    },
  };
}
