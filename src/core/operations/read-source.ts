import { loadExport } from '../export/load-export.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { filterSnapshot, readSnapshot, type ReadSnapshotOptions } from '../snapshot/read-snapshot.js';
import type { Snapshot } from '../snapshot/types.js';

/** Where a snapshot comes from: a live registry, or an srx export (a read-only registry). */
export type SnapshotSource =
  | { readonly kind: 'http'; readonly client: RegistryClient; readonly registry: { readonly name: string; readonly url: string } }
  | { readonly kind: 'export'; readonly path: string; readonly registry: { readonly name: string; readonly url: string } };

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
