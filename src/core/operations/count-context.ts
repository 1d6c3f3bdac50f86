import { mapLimit } from '../registry/limiter.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { keyOf } from '../keys.js';

/** What one context holds. */
export interface ContextCounts {
  readonly context: string;
  readonly subjects: number;
  readonly versions: number;
  /** Soft-deleted versions; null when not counted. */
  readonly deletedVersions: number | null;
  /** The context's mode (the global mode for `.`), null when it cannot be read. */
  readonly mode: string | null;
}

const PAGE_SIZE = 10_000;
const MAX_PAGES = 10_000;

/** Counts a context's subjects and versions: bulk `GET /schemas` pages when served, else subject by subject. */
export async function countContext(
  client: RegistryClient,
  context: string,
  options: { readonly bulk: boolean; readonly deleted: boolean },
): Promise<ContextCounts> {
  const list = options.bulk ? (deleted: boolean) => bulkKeys(client, context, deleted) : (deleted: boolean) => subjectKeys(client, context, deleted);
  const live = await list(false);
  const all = options.deleted ? await list(true) : undefined;
  const deletedVersions = all ? [...all].filter((key) => !live.has(key)).length : null;
  const subjects = new Set([...live].map((key) => key.slice(0, key.lastIndexOf('\u0000'))));
  const mode = await client.getMode(context, null).catch(() => null);
  return { context, subjects: subjects.size, versions: live.size, deletedVersions, mode };
}

// Servers cap page sizes differently (Confluent 1,000, AxonOps none) and AxonOps orders pages unstably, so read
// until an empty page or a page with nothing new, and de-duplicate on (subject, version).
async function bulkKeys(client: RegistryClient, context: string, deleted: boolean): Promise<Set<string>> {
  const keys = new Set<string>();
  let offset = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const items = (await client.listSchemas(context, { deleted, offset, limit: PAGE_SIZE })) ?? [];
    const before = keys.size;
    for (const item of items) keys.add(keyOf(item.subject, item.version));
    if (items.length === 0 || keys.size === before) break;
    offset += items.length;
  }
  return keys;
}

async function subjectKeys(client: RegistryClient, context: string, deleted: boolean): Promise<Set<string>> {
  const subjects = await client.listSubjects(context, { deleted });
  const versions = await mapLimit(subjects, 4, (subject) => client.listVersions(context, subject, { deleted }));
  const keys = new Set<string>();
  subjects.forEach((subject, i) => {
    for (const version of versions[i] ?? []) keys.add(keyOf(subject, version));
  });
  return keys;
}
