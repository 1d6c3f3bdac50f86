import { RegistryError } from '../errors.js';
import type { Progress } from '../progress.js';
import { capabilityProfile, echoesGlobal, subjectLevelValue } from '../registry/capabilities.js';
import { DEFAULT_READ_CAP } from '../registry/http-transport.js';
import { mapLimit } from '../registry/limiter.js';
import { DEFAULT_CONTEXT, normalizeContext } from '../registry/paths.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { filterSnapshot } from '../snapshot/filter-snapshot.js';
import { readSnapshot } from '../snapshot/read-snapshot.js';
import { readSourceSnapshot, type SnapshotSource } from './read-source.js';
import type { Snapshot, SnapshotContext } from '../snapshot/types.js';
import { scopeMapper, resolveReference } from '../plan/context-mapping.js';
import type { MigrationPolicy, MigrationScope, RegistryRef } from '../plan/types.js';
import { keyOf, contextSubjectOf } from '../keys.js';

/** A soft-deleted source version in scope that a migration without --include-deleted leaves behind. */
export interface LeftBehindVersion {
  readonly context: string;
  readonly subject: string;
  readonly version: number;
  readonly id: number;
}

/** A migration's source read: the snapshot, the versions it leaves behind, and subject levels still being read. */
export interface MigrationSourceRead {
  readonly snapshot: Snapshot;
  readonly leftBehind: LeftBehindVersion[];
  /**
   * With `deferSubjectCompatibility`, from a live source with --copy-config: the snapshot with subject compatibility,
   * once read (the reads start now). Left unawaited, it never rejects unhandled.
   */
  readonly withSubjectLevels?: Promise<Snapshot>;
}

/**
 * Source read for the scope, completed with every subject its versions reference (transitively).
 * Soft-deleted versions are always read, so that those a migration leaves behind can be named
 * (`leftBehind`); without --include-deleted they are then dropped from the snapshot. Subject compatibility
 * (one request per subject) is read last; with `deferSubjectCompatibility` the snapshot comes without it, and
 * `withSubjectLevels` has it once read, so the caller can go on (a run writes versions while it is read).
 */
export async function readMigrationSource(
  source: SnapshotSource,
  scope: MigrationScope,
  policy: MigrationPolicy,
  progress?: Progress,
  options: { readonly deferSubjectCompatibility?: boolean } = {},
): Promise<MigrationSourceRead> {
  const withDeleted = await readMigrationSourceWithDeleted(source, scope, policy, progress);
  const keepDeleted = policy.includeDeleted || policy.propagateDeletes;
  const finish = (snapshot: Snapshot) => (keepDeleted ? snapshot : filterSnapshot(snapshot, { includeDeleted: false }));
  const leftBehind = keepDeleted
    ? []
    : withDeleted.contexts.flatMap((c) =>
        c.subjects.flatMap((s) => s.versions.filter((v) => v.deleted).map((v) => ({ context: c.name, subject: s.name, version: v.version, id: v.id }))),
      );
  // From a live source only subject compatibility is needed (one request per subject, not two): read here.
  if (source.kind !== 'http' || !policy.copyConfig) return { snapshot: finish(withDeleted), leftBehind };
  const levels = withSubjectCompatibility(source.client, withDeleted, progress).then(finish);
  if (!options.deferSubjectCompatibility) return { snapshot: await levels, leftBehind };
  levels.catch(() => {});
  return { snapshot: finish(withDeleted), leftBehind, withSubjectLevels: levels };
}

async function readMigrationSourceWithDeleted(source: SnapshotSource, scope: MigrationScope, policy: MigrationPolicy, progress?: Progress): Promise<Snapshot> {
  const live = source.kind === 'http';
  let snapshot = await readSourceSnapshot(source, {
    contexts: scope.contexts,
    subjects: scope.subjects,
    exclude: scope.exclude,
    includeDeleted: true,
    includeConfig: (policy.copyConfig || Boolean(policy.copyContextConfig)) && !live,
    progress,
  });
  for (let round = 0; round < 50; round++) {
    const missing = missingReferences(snapshot);
    if (missing.size === 0) break;
    const byContext = new Map<string, string[]>();
    for (const key of missing) {
      const [context, subject] = contextSubjectOf(key);
      byContext.set(context, [...(byContext.get(context) ?? []), subject]);
    }
    let added = false;
    for (const [context, subjects] of byContext) {
      const extra = await readSourceSnapshot(source, {
        contexts: [context],
        subjects: subjects.map(escapeGlob),
        includeDeleted: true,
        includeConfig: policy.copyConfig && !live,
      });
      const merged = mergeSnapshots(snapshot, extra);
      added ||= merged !== snapshot;
      snapshot = merged;
    }
    if (!added) break; // dangling: the planner reports them
  }
  const whole = !scope.subjects?.length && !scope.exclude?.length;
  if (live && policy.copyContextConfig && whole) snapshot = await withContextCompatibility(source.client, snapshot);
  return snapshot;
}

/** Fills in each context's own compatibility (for `.`, the global level), read as `compare` reads it. */
async function withContextCompatibility(client: RegistryClient, snapshot: Snapshot): Promise<Snapshot> {
  const contexts = await mapLimit(snapshot.contexts, 4, async (ctx): Promise<SnapshotContext> => ({
    ...ctx,
    compatibility: await optionalLevel(client, ctx.name),
  }));
  return { ...snapshot, contexts, scope: { ...snapshot.scope, includeConfig: true } };
}

/** A context's level, or null where the server answers 404/405 (none set, or no such endpoint). */
async function optionalLevel(client: RegistryClient, context: string): Promise<string | null> {
  try {
    return await client.getCompatibility(context, null);
  } catch (error) {
    if (error instanceof RegistryError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}

/** Fills in subject-level compatibility (null where none is set at subject level). */
async function withSubjectCompatibility(client: RegistryClient, snapshot: Snapshot, progress?: Progress): Promise<Snapshot> {
  const total = snapshot.contexts.reduce((n, c) => n + c.subjects.length, 0);
  let done = 0;
  // A server that answers the global level for unset subjects (Apicurio): a level equal to the context's is not set.
  const profile = client.probe ? await capabilityProfile(client) : null;
  const contexts = await mapLimit(snapshot.contexts, 1, async (ctx): Promise<SnapshotContext> => {
    const contextLevel = echoesGlobal(profile, 'compatibility') ? await optionalLevel(client, ctx.name) : null;
    return {
      ...ctx,
      // As many tasks as reads may grow to: the transport's adaptive limiter decides how many are in flight.
      subjects: await mapLimit(ctx.subjects, DEFAULT_READ_CAP, async (s) => {
        const compatibility = subjectLevelValue(profile, 'compatibility', await client.getCompatibility(ctx.name, s.name), contextLevel);
        done += 1;
        if (done % 500 === 0 || done === total) progress?.update(`reading subject compatibility ${done}/${total}`);
        return { ...s, compatibility };
      }),
    };
  });
  return { ...snapshot, contexts, scope: { ...snapshot.scope, includeConfig: true } };
}

/** Target contexts the migration writes to (undefined: every context). */
export function targetContexts(source: Snapshot, scope: MigrationScope): string[] | undefined {
  if (!scope.contexts) return undefined;
  const map = scopeMapper(scope);
  return [...new Set([...scope.contexts.map(normalizeContext), ...source.contexts.map((c) => c.name)].map(map))];
}

/**
 * The target, with soft-deleted versions (IMPORT feasibility, id collisions) for the whole of each
 * target context, and subject config for the subjects in scope.
 */
export async function readMigrationTarget(
  client: RegistryClient,
  registry: RegistryRef,
  source: Snapshot,
  scope: MigrationScope,
  progress?: Progress,
): Promise<Snapshot> {
  const contexts = targetContexts(source, scope);
  const narrow = Boolean(scope.subjects?.length);
  const snapshot = await readSnapshot(client, { registry, contexts, includeDeleted: true, includeConfig: !narrow, progress });
  if (!narrow) return snapshot;
  const map = scopeMapper(scope);
  const wanted = new Set(source.contexts.flatMap((c) => c.subjects.map((s) => keyOf(map(c.name), s.name))));
  const profile = client.probe ? await capabilityProfile(client) : null;
  const contextsWithConfig = await mapLimit(snapshot.contexts, 4, async (ctx): Promise<SnapshotContext> => {
    // The context's own mode (for `.`, the registry's): a READONLY one refuses every write in it.
    const mode = await contextMode(client, ctx.name);
    const level = echoesGlobal(profile, 'compatibility') ? await optionalLevel(client, ctx.name) : null;
    return {
      ...ctx,
      subjects: await mapLimit(ctx.subjects, 8, async (s) =>
        wanted.has(keyOf(ctx.name, s.name))
          ? {
              ...s,
              compatibility: subjectLevelValue(profile, 'compatibility', await client.getCompatibility(ctx.name, s.name), level),
              mode: subjectLevelValue(profile, 'mode', await client.getMode(ctx.name, s.name), mode),
            }
          : s,
      ),
      mode,
    };
  });
  return { ...snapshot, contexts: contextsWithConfig };
}

function escapeGlob(name: string): string {
  return name.replace(/[*?]/g, '?');
}

/** `ctx\u0000subject` of every referenced subject the snapshot lacks. */
function missingReferences(snapshot: Snapshot): Set<string> {
  const have = new Set(snapshot.contexts.flatMap((c) => c.subjects.map((s) => keyOf(c.name, s.name))));
  const missing = new Set<string>();
  for (const ctx of snapshot.contexts) {
    for (const subject of ctx.subjects) {
      for (const v of subject.versions) {
        for (const ref of v.references) {
          const { context, subject: name } = resolveReference(ref, ctx.name);
          const key = keyOf(context, name);
          if (!have.has(key)) missing.add(key);
        }
      }
    }
  }
  return missing;
}

/** Adds the subjects (and contexts) of `extra` that `base` lacks; returns `base` itself when nothing was added. */
export function mergeSnapshots(base: Snapshot, extra: Snapshot): Snapshot {
  let changed = false;
  const contexts = new Map(base.contexts.map((c) => [c.name, c]));
  for (const ctx of extra.contexts) {
    const existing = contexts.get(ctx.name);
    const names = new Set(existing?.subjects.map((s) => s.name) ?? []);
    const additions = ctx.subjects.filter((s) => !names.has(s.name));
    if (!additions.length) continue;
    changed = true;
    const subjects = [...(existing?.subjects ?? []), ...additions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    contexts.set(ctx.name, { ...(existing ?? { ...ctx, subjects: [] }), subjects });
  }
  if (!changed) return base;
  const sorted = [...contexts.values()].sort((a, b) => (a.name === DEFAULT_CONTEXT ? -1 : b.name === DEFAULT_CONTEXT ? 1 : a.name < b.name ? -1 : 1));
  return { ...base, contexts: sorted };
}

/** A context's mode, or null where the server has no mode API (404/405): nothing to refuse then. */
async function contextMode(client: RegistryClient, context: string): Promise<string | null> {
  try {
    return await client.getMode(context, null);
  } catch (error) {
    if (error instanceof RegistryError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}
