import { maskUrl, type SnapshotSource, type TransportOptions } from '../core/index.js';
import type { CommandContext, RegistryHandle } from './context.js';

/** How results name a registry: its name and its URL without credentials. */
export function registryRefOf(handle: RegistryHandle): { name: string; url: string } {
  return { name: handle.name, url: maskUrl(handle.entry.url) };
}

/** The snapshot source for a resolved registry argument: an HTTP client, or the export's path. */
export function snapshotSourceFor(ctx: CommandContext, handle: RegistryHandle, clientOptions: TransportOptions = {}): SnapshotSource {
  const registry = registryRefOf(handle);
  if (handle.kind === 'export') return { kind: 'export', path: handle.exportPath, registry };
  return { kind: 'http', client: ctx.client(handle, clientOptions), registry };
}
