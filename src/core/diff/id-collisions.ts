import { qualifySubject } from '../registry/paths.js';
import type { SnapshotContext, SnapshotVersion } from '../snapshot/types.js';
import { sameContent } from './fingerprints.js';
import type { Change, ContextPair } from './types.js';

interface Holder {
  readonly subject: string;
  readonly version: SnapshotVersion;
}

/**
 * Pure: ids that hold different schemas in the two contexts of a pair (ids are per context).
 * One change per colliding id, naming the first subject/version holding it on each side; an id held
 * by the same subject and version on both sides is left to the content comparison.
 */
export function findIdCollisions(pair: ContextPair, source: SnapshotContext | undefined, target: SnapshotContext | undefined): Change[] {
  if (!source || !target) return [];
  const targetById = holdersById(target);
  const changes: Change[] = [];
  for (const [id, s] of holdersById(source)) {
    const t = targetById.get(id);
    if (!t || sameContent(s.version, t.version)) continue;
    // The same subject and version holding it on both sides is already a content conflict.
    if (s.subject === t.subject && s.version.version === t.version.version) continue;
    changes.push({
      type: 'id.collision',
      severity: 'conflict',
      context: pair.source,
      ...(pair.target !== pair.source ? { targetContext: pair.target } : {}),
      subject: s.subject,
      version: s.version.version,
      sourceId: id,
      targetId: id,
      targetSubject: t.subject,
      targetVersion: t.version.version,
      message: `id ${id} holds different schemas: ${qualifySubject(pair.source, s.subject)} version ${s.version.version} in source, ${qualifySubject(pair.target, t.subject)} version ${t.version.version} in target`,
    });
  }
  return changes;
}

function holdersById(context: SnapshotContext): Map<number, Holder> {
  const byId = new Map<number, Holder>();
  for (const subject of context.subjects) {
    for (const version of subject.versions) if (!byId.has(version.id)) byId.set(version.id, { subject: subject.name, version });
  }
  return byId;
}
