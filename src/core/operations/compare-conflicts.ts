import { judgeMissingVersions } from '../compat/judge-missing-versions.js';
import { readTargetLevels } from './read-target-levels.js';
import type { Change } from '../diff/types.js';
import { RegistryError } from '../errors.js';
import { mapLimit } from '../registry/limiter.js';
import { qualifySubject } from '../registry/paths.js';
import type { RegistryClient } from '../registry/registry-client.js';
import type { SnapshotSource } from './read-source.js';
import type { Snapshot, SnapshotVersion } from '../snapshot/types.js';
import { readAndDiff } from './compare.js';
import type { CompareOptions, ConflictType, SchemaConflict, SchemaConflictsResult } from './compare-types.js';
import { keyOf } from '../keys.js';

const CONFLICT_TYPES: Partial<Record<Change['type'], ConflictType>> = {
  'version.content-differs': 'content',
  'version.references-differ': 'content',
  'version.metadata-differs': 'content',
  'version.rules-differ': 'content',
  'version.schema-type-differs': 'schema-type',
  'id.collision': 'id-collision',
};

/** Options of `compare conflicts`. */
export interface FindConflictsOptions extends CompareOptions {
  /** Ask the target's own `/compatibility` endpoint instead of judging locally. */
  readonly verifyWithRegistry?: boolean;
}

/**
 * `compare conflicts`: what would break a migration. Content, schema type and id conflicts come
 * from the diff; versions missing in the target are judged by srx, locally, at the target subject's
 * effective level (against its live versions, as the registry would), or, with `verifyWithRegistry`,
 * by the target itself (`POST /compatibility/.../versions/latest?verbose=true`, concurrently).
 */
export async function findConflicts(source: SnapshotSource, target: SnapshotSource, options: FindConflictsOptions = {}): Promise<SchemaConflictsResult> {
  const compared = await readAndDiff(source, target, { ...options, includeConfig: false });
  const conflicts: SchemaConflict[] = compared.diff.changes.flatMap((change) => {
    const type = CONFLICT_TYPES[change.type];
    // With ignoreIds an id collision is info, not a conflict.
    return type && change.severity !== 'info' ? [toConflict(type, change)] : [];
  });
  const candidates = missingInExistingSubjects(compared.diff.changes, compared.source, compared.target);
  const byRegistry = Boolean(options.verifyWithRegistry);
  let checked = candidates.length;
  if (byRegistry && target.kind === 'http') {
    conflicts.push(...(await checkCompatibility(target.client, candidates, options.concurrency ?? 8)));
  } else if (byRegistry) {
    checked = 0;
    if (candidates.length > 0)
      options.progress?.warn(
        `${target.registry.name} is an export: it cannot answer for ${candidates.length} missing versions (drop --verify-with-registry to judge them locally)`,
      );
  } else {
    conflicts.push(...(await judgeLocally(target, compared, candidates, options.concurrency ?? 8)));
  }
  const count = (type: ConflictType) => conflicts.filter((c) => c.type === type).length;
  return {
    kind: 'schema-conflicts',
    source: { name: source.registry.name },
    target: { name: target.registry.name },
    scope: compared.scope,
    summary: {
      total: conflicts.length,
      content: count('content'),
      schemaType: count('schema-type'),
      idCollision: count('id-collision'),
      incompatible: count('incompatible'),
      compatibilityChecked: checked,
    },
    compatibilityCheckedBy: byRegistry ? 'registry' : 'srx',
    conflicts,
  };
}

/** The missing versions srx judges the target would refuse, at each subject's effective level (read from the target). */
async function judgeLocally(
  target: SnapshotSource,
  compared: { source: Snapshot; target: Snapshot },
  candidates: readonly Candidate[],
  concurrency: number,
): Promise<SchemaConflict[]> {
  const subjects = [
    ...new Map(candidates.map((c) => [keyOf(c.targetContext, c.change.subject), { context: c.targetContext, subject: c.change.subject! }])).values(),
  ];
  const levels = await readTargetLevels(target, subjects, concurrency);
  const verdicts = judgeMissingVersions(
    candidates.map((c) => c.change),
    compared.source,
    compared.target,
    levels,
  );
  const key = (context: string, subject: string, version: number) => keyOf(context, subject, version);
  const changes = new Map(candidates.map((c) => [key(c.change.context, c.change.subject!, c.change.version!), c.change]));
  return verdicts
    .filter((v) => !v.isCompatible)
    .map((v) => ({
      ...toConflict('incompatible', changes.get(key(v.context, v.subject, v.version))!),
      targetId: null,
      level: v.level,
      messages: v.messages,
      message: v.message,
    }));
}

function toConflict(type: ConflictType, change: Change): SchemaConflict {
  return {
    type,
    subject: change.subject!,
    context: change.context,
    ...(change.targetContext ? { targetContext: change.targetContext } : {}),
    version: change.version!,
    sourceId: 'sourceId' in change ? change.sourceId : null,
    targetId: 'targetId' in change ? change.targetId : null,
    ...(change.type === 'id.collision' ? { targetSubject: change.targetSubject, targetVersion: change.targetVersion } : {}),
    message: change.message,
  };
}

interface Candidate {
  readonly change: Change;
  readonly version: SnapshotVersion;
  readonly targetContext: string;
  readonly targetLatest: number;
}

/** Versions missing in the target whose subject exists there (a new subject is compatible by definition). */
function missingInExistingSubjects(changes: readonly Change[], source: Snapshot, target: Snapshot): Candidate[] {
  const subjectIn = (snapshot: Snapshot, context: string, subject: string) =>
    snapshot.contexts.find((c) => c.name === context)?.subjects.find((s) => s.name === subject);
  return changes
    .filter((c) => c.type === 'version.missing-in-target')
    .flatMap((change) => {
      const targetContext = change.targetContext ?? change.context;
      const existing = subjectIn(target, targetContext, change.subject!);
      const live = existing?.versions.filter((v) => !v.deleted) ?? [];
      const version = subjectIn(source, change.context, change.subject!)?.versions.find((v) => v.version === change.version);
      if (live.length === 0 || !version) return [];
      return [{ change, version, targetContext, targetLatest: live[live.length - 1]!.version }];
    });
}

async function checkCompatibility(client: RegistryClient, candidates: readonly Candidate[], concurrency: number): Promise<SchemaConflict[]> {
  const results = await mapLimit(candidates, concurrency, async ({ change, version, targetContext, targetLatest }): Promise<SchemaConflict | null> => {
    const label = `${qualifySubject(change.context, change.subject!)} version ${version.version} (id ${version.id})`;
    const base = { ...toConflict('incompatible', change), targetId: null };
    try {
      const result = await client.testCompatibility(
        targetContext,
        change.subject!,
        { schema: version.schema, schemaType: version.schemaType, references: version.references },
        'all',
      );
      if (result.isCompatible) return null;
      const detail = result.messages.length ? `: ${result.messages.join('; ')}` : '';
      return {
        ...base,
        messages: result.messages,
        message: `${label} is incompatible with the target subject (latest version ${targetLatest}) under its compatibility level${detail}`,
      };
    } catch (error) {
      // 422: the target cannot even parse it (e.g. a reference it lacks); that blocks a migration too.
      if (error instanceof RegistryError && error.status === 422) {
        return { ...base, messages: [error.message], message: `${label} is rejected by the target: ${error.message}` };
      }
      if (error instanceof RegistryError && error.status === 404) return null;
      throw error;
    }
  });
  return results.filter((r): r is SchemaConflict => r !== null);
}
