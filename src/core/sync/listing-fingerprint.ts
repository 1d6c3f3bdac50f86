import { createHash } from 'node:crypto';
import { listAll } from '../snapshot/read-versions.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { keyOf } from '../keys.js';

/**
 * A hash of what a registry lists, read with a handful of bulk requests per context: contexts, every
 * (subject, version, id) live and soft-deleted, and the context's compatibility and mode. Equal
 * fingerprints mean no version was added, deleted or changed since. Undefined when the registry has
 * no bulk listing (then every run reads subject by subject).
 */
export async function listingFingerprint(client: RegistryClient): Promise<string | undefined> {
  const contexts = ((await client.listContexts()) ?? ['.']).slice().sort();
  const hash = createHash('sha256').update(JSON.stringify(contexts));
  for (const context of contexts) {
    const [live, all, compatibility, mode] = await Promise.all([
      listAll({ client, context, label: client.name }, false),
      listAll({ client, context, label: client.name }, true),
      client.getCompatibility(context, null),
      client.getMode(context, null),
    ]);
    if (live === null || all === null) return undefined;
    const rows = (items: Map<string, { subject: string; version: number; id: number }>) =>
      [...items.values()].map((i) => keyOf(i.subject, i.version, i.id)).sort();
    hash.update(JSON.stringify([context, compatibility, mode, rows(live), rows(all)]));
  }
  return hash.digest('hex');
}
