import type { SnapshotSource } from '../core/operations/read-source.js';
import { maskUrl } from '../core/config/redact.js';
import type { TransportOptions } from '../core/registry/http-transport.js';
import type { CommandContext, RegistryHandle } from './context.js';

/** The snapshot source for a resolved registry argument: an HTTP client, or the export's path. */
export function snapshotSourceFor(ctx: CommandContext, handle: RegistryHandle, clientOptions: TransportOptions = {}): SnapshotSource {
  const registry = { name: handle.name, url: maskUrl(handle.entry.url) };
  if (handle.kind === 'export') return { kind: 'export', path: handle.exportPath ?? handle.entry.url.replace(/^file:/, ''), registry };
  return { kind: 'http', client: ctx.client(handle, clientOptions), registry };
}
