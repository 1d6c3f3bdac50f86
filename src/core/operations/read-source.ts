import { loadExport } from '../export/load-export.js';
import { filterSnapshot, readSnapshot, type ReadSnapshotOptions } from '../snapshot/read-snapshot.js';
import type { Snapshot, SnapshotSource } from '../snapshot/types.js';

export type { SnapshotSource } from '../snapshot/types.js';

/** Read options without the registry (the source names it). */
export type ReadSourceOptions = Omit<ReadSnapshotOptions, 'registry'>;

/** Reads a snapshot from either kind of source with the same scope options. */
export async function readSourceSnapshot(source: SnapshotSource, options: ReadSourceOptions = {}): Promise<Snapshot> {
  if (source.kind === 'http') return readSnapshot(source.client, { ...options, registry: source.registry });
  const step = `reading ${source.registry.name}`;
  options.progress?.start(step);
  try {
    const loaded = await loadExport(source.path, { name: source.registry.name });
    const snapshot = filterSnapshot(loaded, options);
    options.progress?.succeed(step);
    return snapshot;
  } catch (error) {
    options.progress?.fail(step, error);
    throw error;
  }
}
