import { RegistryError } from '../errors.js';
import type { Progress } from '../progress.js';
import { silentProgress } from '../progress.js';
import { mapLimit } from '../registry/limiter.js';
import { DEFAULT_READ_CAP } from '../registry/http-transport.js';
import { capabilityProfile, subjectLevelValue, type CapabilityProfile } from '../registry/capabilities.js';
import { listsNamedContexts, namedContextsRefused, supportsNamedContexts } from '../registry/context-support.js';
import { DEFAULT_CONTEXT, normalizeContext } from '../registry/paths.js';
import type { RegistryClient } from '../registry/registry-client.js';
import type { SnapshotFilterOptions } from './filter-snapshot.js';
import { subjectFilter } from './glob.js';
import { compareText, readContextBulk, readContextPerSubject, type ContextReadRequest, type ContextVersions } from './read-versions.js';
import type { Snapshot, SnapshotContext, SnapshotSubject } from './types.js';

export { filterSnapshot, contextFilter } from './filter-snapshot.js';
export type { SnapshotFilterOptions } from './filter-snapshot.js';
export { toSnapshotVersion } from './read-versions.js';

/** What to read from one registry, and how. */
export interface ReadSnapshotOptions extends SnapshotFilterOptions {
  readonly registry: { readonly name: string; readonly url: string };
  /** Subject-level and context-level compatibility and mode (default true). */
  readonly includeConfig?: boolean;
  /** Concurrent per-subject reads (config, fallback listing); default the transport's read cap (its adaptive limiter bounds requests in flight). */
  readonly concurrency?: number;
  readonly progress?: Progress;
  /** Cut a `/schemas` listing that keeps growing past this many versions (default: read-versions' MAX_LISTING_ITEMS). */
  readonly maxListingItems?: number;
}

// As many tasks as the client's adaptive read limiter may ever allow, so that it, not this loop, sets the pace.
const DEFAULT_TASKS = DEFAULT_READ_CAP;
const CONTEXTS_AT_ONCE = 4;

/**
 * Reads a registry (or some contexts/subjects of it) into a Snapshot. Schemas come from the bulk
 * `GET /schemas` listing per context (a few requests per context, whatever the number of subjects);
 * servers without it, or without contexts, are read subject by subject with bounded concurrency.
 */
export async function readSnapshot(client: RegistryClient, options: ReadSnapshotOptions): Promise<Snapshot> {
  const progress = options.progress ?? silentProgress();
  const includeDeleted = Boolean(options.includeDeleted);
  const includeConfig = options.includeConfig !== false;
  const tasks = options.concurrency ?? DEFAULT_TASKS;
  const step = `reading ${options.registry.name}`;
  progress.start(step);
  try {
    const { contexts, literalNames } = await contextsToRead(client, options.contexts, options.registry.name);
    const keep = subjectFilter(options.subjects, options.exclude);
    const profile = client.probe ? await capabilityProfile(client) : null;
    const bulkDeletedFlag = profile?.bulkDeletedFlag;
    const read = await readContexts(contexts, {
      client,
      keep,
      includeDeleted,
      tasks,
      progress,
      label: options.registry.name,
      maxListingItems: options.maxListingItems,
      literalNames,
      bulkDeletedFlag,
    });
    const built = includeConfig
      ? await withConfig(client, read, { tasks, progress, label: options.registry.name, profile })
      : read.map((c) => buildContext(c, null));
    progress.succeed(step);
    return {
      registry: { name: options.registry.name, url: options.registry.url, kind: 'http' },
      takenAt: new Date().toISOString(),
      scope: {
        contexts: options.contexts?.length ? contexts : undefined,
        subjects: options.subjects?.length ? [...options.subjects] : undefined,
        exclude: options.exclude?.length ? [...options.exclude] : undefined,
        includeDeleted,
        includeConfig,
      },
      contexts: built.sort((a, b) => compareText(a.name, b.name)),
    };
  } catch (error) {
    progress.fail(step, error);
    throw error;
  }
}

/** Every context's versions, a few contexts at a time; bulk listing first, per-subject reads where it is missing. */
async function readContexts(contexts: readonly string[], common: Omit<ContextReadRequest, 'context'>): Promise<ContextVersions[]> {
  let warned = false;
  return mapLimit(contexts, CONTEXTS_AT_ONCE, async (context) => {
    // Literal `:.x:s` names only where they can be: the default context of a server without named contexts.
    const request = { ...common, context, literalNames: Boolean(common.literalNames) && context === DEFAULT_CONTEXT };
    const bulk = await readContextBulk(request);
    if (bulk) return bulk;
    if (!warned) {
      warned = true;
      common.progress.warn(`${common.label} has no bulk GET /schemas listing: reading subject by subject (slower)`);
    }
    return readContextPerSubject(request);
  });
}

/**
 * The contexts to read: those asked for, or every context the server lists (just `.` without contexts).
 * Asking for a named context that the server cannot have is a refusal (exit 2), not an unreachable registry.
 * `literalNames`: the server lists no named context, so a default-context name that looks qualified (`:.x:s`)
 * is that subject's literal name (Karapace, Apicurio), never another context's subject to drop.
 */
async function contextsToRead(
  client: RegistryClient,
  wanted: readonly string[] | undefined,
  label: string,
): Promise<{ contexts: string[]; literalNames: boolean }> {
  const listed = await client.listContexts();
  const literalNames = !listsNamedContexts(listed);
  const available = new Set([DEFAULT_CONTEXT, ...(listed ?? []).map(normalizeContext)]);
  if (!wanted || wanted.length === 0) return { contexts: [...available].sort(compareText), literalNames };
  const contexts = [...new Set(wanted.map(normalizeContext))];
  const unlisted = contexts.filter((context) => !available.has(context));
  if (unlisted.length > 0 && literalNames && !(await supportsNamedContexts(client, listed))) throw namedContextsRefused(label, unlisted, 'source');
  return { contexts: contexts.sort(compareText), literalNames };
}

/**
 * Context and subject config. On a server that answers a subject's mode (or compatibility) with the context's
 * value whatever is set (Karapace, Apicurio: see capabilities.ts), a subject value equal to the context's is
 * read as "not set": compare shows no invented subject modes, exports and migrations carry none.
 */
async function withConfig(
  client: RegistryClient,
  read: readonly ContextVersions[],
  how: { tasks: number; progress: Progress; label: string; profile: CapabilityProfile | null },
): Promise<SnapshotContext[]> {
  const { tasks, progress, label, profile } = how;
  const total = read.reduce((sum, context) => sum + context.subjects.size, 0);
  let done = 0;
  const built: SnapshotContext[] = [];
  for (const context of read) {
    const names = [...context.subjects.keys()];
    const [contextCompatibility, contextMode] = await Promise.all([
      optionalScopeRead(() => client.getCompatibility(context.name, null)),
      optionalScopeRead(() => client.getMode(context.name, null)),
    ]);
    const configs = await mapLimit(names, tasks, async (subject) => {
      const [compatibility, mode] = await Promise.all([client.getCompatibility(context.name, subject), client.getMode(context.name, subject)]);
      done += 1;
      if (done % 100 === 0 || done === total) progress.update(`${label}: config ${done}/${total} subjects`);
      return {
        compatibility: subjectLevelValue(profile, 'compatibility', compatibility, contextCompatibility),
        mode: subjectLevelValue(profile, 'mode', mode, contextMode),
      };
    });
    const bySubject = new Map(names.map((name, i) => [name, configs[i]!]));
    built.push(buildContext(context, { compatibility: contextCompatibility, mode: contextMode, bySubject }));
  }
  return built;
}

/** Context-level config: some servers answer 404 where none is set; that is "unknown", not an error. */
async function optionalScopeRead(read: () => Promise<string | null>): Promise<string | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof RegistryError && (error.details?.status === 404 || error.details?.status === 405)) return null;
    throw error;
  }
}

interface ConfigRead {
  readonly compatibility: string | null;
  readonly mode: string | null;
  readonly bySubject: ReadonlyMap<string, { compatibility: string | null; mode: string | null }>;
}

function buildContext(context: ContextVersions, config: ConfigRead | null): SnapshotContext {
  const subjects: SnapshotSubject[] = [...context.subjects.entries()]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([name, versions]) => ({
      name,
      versions: [...versions.values()].sort((a, b) => a.version - b.version),
      compatibility: config?.bySubject.get(name)?.compatibility ?? null,
      mode: config?.bySubject.get(name)?.mode ?? null,
    }));
  return { name: context.name, compatibility: config?.compatibility ?? null, mode: config?.mode ?? null, subjects };
}
