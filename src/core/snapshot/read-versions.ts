import { RegistryError } from '../errors.js';
import type { Progress } from '../progress.js';
import { mapLimit } from '../registry/limiter.js';
import type { RegistryClient } from '../registry/registry-client.js';
import type { RegistrySchema } from '../registry/types.js';
import type { SubjectMatcher } from './glob.js';
import type { SnapshotVersion } from './types.js';
import { keyOf } from '../keys.js';

/** The versions read from one context: subject → version number → version. */
export interface ContextVersions {
  readonly name: string;
  readonly subjects: Map<string, Map<number, SnapshotVersion>>;
}

/** What a context reader needs. */
export interface ContextReadRequest {
  readonly client: RegistryClient;
  readonly context: string;
  readonly keep: SubjectMatcher;
  readonly includeDeleted: boolean;
  readonly tasks: number;
  readonly progress: Progress;
  readonly label: string;
  /** Most (subject, version) items one listing may hold before srx calls it endless (default MAX_LISTING_ITEMS). */
  readonly maxListingItems?: number;
  /** The server has no named contexts: names that look qualified (`:.x:s`) are literal default-context names. */
  readonly literalNames?: boolean;
  /**
   * Whether the bulk listing's `deleted` flag can be trusted: absent: trusted (non-HTTP sources). `inverted` (Karapace) means "no usable bulk listing";
   * `unknown` checks it: both listings are read, and a live listing holding a version the `deleted=true`
   * listing lacks means the flag is inverted, so the context is read subject by subject (never resurrecting a version).
   */
  readonly bulkDeletedFlag?: 'trustworthy' | 'inverted' | 'unknown' | 'n/a';
}

/** Asked page size: servers with a cap (Confluent: 1,000) answer less, and paging goes on. */
export const PAGE_SIZE = 100_000;

/** A listing still growing past this many items is taken as never ending (a server bug), not read on forever. */
export const MAX_LISTING_ITEMS = 20_000_000;

/**
 * Reads a context through the bulk `GET /schemas` listing, live and (with includeDeleted) with
 * `deleted=true`; versions only in the second listing are the soft-deleted ones.
 * Returns null when the server has no bulk listing.
 */
export async function readContextBulk(request: ContextReadRequest): Promise<ContextVersions | null> {
  const { context, includeDeleted } = request;
  if (request.bulkDeletedFlag === 'inverted') return null;
  const check = request.bulkDeletedFlag === 'unknown';
  const [live, all] = await Promise.all([listAll(request, false), includeDeleted || check ? listAll(request, true) : null]);
  if (live === null || (includeDeleted && all === null)) return null;
  if (check && all && [...live.keys()].some((key) => !all.has(key))) {
    request.progress.warn(
      `${request.label}: GET /schemas lists versions that GET /schemas?deleted=true leaves out (an inverted deleted flag, as on Karapace): reading subject by subject`,
    );
    return null;
  }
  const subjects = new Map<string, Map<number, SnapshotVersion>>();
  const add = (item: RegistrySchema, deleted: boolean) => {
    if (!request.keep(context, item.subject)) return;
    let versions = subjects.get(item.subject);
    if (!versions) subjects.set(item.subject, (versions = new Map<number, SnapshotVersion>()));
    versions.set(item.version, toSnapshotVersion(item, deleted));
  };
  for (const item of live.values()) add(item, false);
  if (includeDeleted) for (const [key, item] of all ?? []) if (!live.has(key)) add(item, true);
  request.progress.update(`${request.label}: ${context} ${subjects.size} subjects read`);
  return { name: context, subjects };
}

/**
 * Every item of a listing (null: no bulk listing), de-duplicated on (subject, version): some servers order pages unstably.
 * Paging stops only on an empty page or a page with nothing new (a server that ignores offset):
 * a page's length says nothing, as Confluent answers its configured default page size (any number)
 * when asked for more than its maximum. A listing that keeps growing past `maxItems` is an error.
 */
export async function listAll(request: ListingRequest, deleted: boolean): Promise<Map<string, RegistrySchema> | null> {
  const { client, context } = request;
  const maxItems = request.maxListingItems ?? MAX_LISTING_ITEMS;
  const items = new Map<string, RegistrySchema>();
  let offset = 0;
  for (;;) {
    const page = await client.listSchemas(context, { deleted, offset, limit: PAGE_SIZE, ...(request.literalNames ? { literalNames: true } : {}) });
    if (page === null) return offset === 0 ? null : items;
    const before = items.size;
    for (const item of page) items.set(keyOf(item.version, item.subject), item);
    offset += page.length;
    if (page.length === 0 || items.size === before) return items;
    if (items.size > maxItems) throw endlessListing(request, deleted, items.size);
  }
}

function endlessListing(request: ListingRequest, deleted: boolean, count: number): RegistryError {
  const path = `GET /schemas${deleted ? '?deleted=true' : ''}`;
  return new RegistryError(
    'E_LISTING_ENDLESS',
    `${request.label}: the ${path} listing of context ${request.context} never ends (more than ${count - 1} versions, new ones on every page); stopped reading`,
    { registry: request.label, method: 'GET', path: '/schemas' },
    'the server pages /schemas wrongly; report it to its vendor',
  );
}

/** What one bulk listing needs: the client, the context, a label for errors, and the endless-listing limit. */
export type ListingRequest = Pick<ContextReadRequest, 'client' | 'context' | 'label' | 'maxListingItems' | 'literalNames'>;

/** Reads a context subject by subject (servers without bulk listing), with bounded concurrency. */
export async function readContextPerSubject(request: ContextReadRequest): Promise<ContextVersions> {
  const { client, context, includeDeleted } = request;
  const names = (await client.listSubjects(context, { deleted: includeDeleted, literalNames: request.literalNames })).filter((name) =>
    request.keep(context, name),
  );
  let done = 0;
  const read = await mapLimit(names, request.tasks, async (subject) => {
    const versions = await readSubject(client, context, subject, includeDeleted);
    done += 1;
    if (done % 50 === 0 || done === names.length) request.progress.update(`${request.label}: ${context} ${done}/${names.length} subjects read`);
    return versions;
  });
  const subjects = new Map<string, Map<number, SnapshotVersion>>();
  names.forEach((name, i) => {
    if (read[i]!.size > 0) subjects.set(name, read[i]!);
  });
  return { name: context, subjects };
}

async function readSubject(client: RegistryClient, context: string, subject: string, includeDeleted: boolean): Promise<Map<number, SnapshotVersion>> {
  const [listed, live] = await Promise.all([
    client.listVersions(context, subject, { deleted: includeDeleted }),
    includeDeleted ? client.listVersions(context, subject) : null,
  ]);
  const liveSet = new Set(includeDeleted ? (live ?? []) : (listed ?? []));
  const items = await Promise.all((listed ?? []).map((version) => client.getVersion(context, subject, version, { deleted: true })));
  const versions = new Map<number, SnapshotVersion>();
  for (const item of items) {
    if (item) versions.set(item.version, toSnapshotVersion({ ...item, subject }, !liveSet.has(item.version)));
  }
  return versions;
}

/** A registry's answer as a snapshot version. */
export function toSnapshotVersion(item: RegistrySchema, deleted: boolean): SnapshotVersion {
  return {
    version: item.version,
    id: item.id,
    schemaType: item.schemaType ?? 'AVRO',
    schema: item.schema,
    references: (item.references ?? []).map((ref) => ({ name: ref.name, subject: ref.subject, version: ref.version })),
    deleted,
    ...(item.metadata !== undefined ? { metadata: item.metadata } : {}),
    ...(item.ruleSet !== undefined ? { ruleSet: item.ruleSet } : {}),
  };
}

/** Code-point order, the same on every machine (no locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
