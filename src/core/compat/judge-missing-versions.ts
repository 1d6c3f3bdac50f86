import { messageOf } from '../errors.js';
import type { Change } from '../diff/types.js';
import { qualifySubject } from '../registry/paths.js';
import type { Snapshot, SnapshotVersion } from '../snapshot/types.js';
import { checkCompatibility, levelOf } from './index.js';
import { resolveReferences } from './resolve-references.js';
import type { CompatibilityLevel, ResolvedSchema } from './types.js';
import { keyOf } from '../keys.js';

/** Where a subject's effective level came from. */
export type LevelSource = 'subject' | 'context' | 'global' | 'default';

/** Would the target accept one version it lacks, under its subject's effective level (judged by srx)? */
export interface MissingVersionVerdict {
  readonly subject: string;
  readonly context: string;
  readonly targetContext?: string;
  readonly version: number;
  readonly id: number;
  readonly level: CompatibilityLevel;
  readonly levelSource: LevelSource;
  readonly isCompatible: boolean;
  /** Why not (empty when accepted). */
  readonly messages: readonly string[];
  readonly message: string;
}

/** The effective compatibility of a subject in a snapshot: subject, then context, then global, then BACKWARD. */
export function effectiveLevel(snapshot: Snapshot, context: string, subject: string): { level: CompatibilityLevel; source: LevelSource } {
  const ctx = snapshot.contexts.find((c) => c.name === context);
  const own = levelOf(ctx?.subjects.find((s) => s.name === subject)?.compatibility);
  if (own) return { level: own, source: 'subject' };
  const ofContext = levelOf(ctx?.compatibility);
  if (ofContext) return { level: ofContext, source: context === '.' ? 'global' : 'context' };
  const global = levelOf(snapshot.contexts.find((c) => c.name === '.')?.compatibility);
  return global ? { level: global, source: 'global' } : { level: 'BACKWARD', source: 'default' };
}

type LevelLookup = (context: string, subject: string) => { level: CompatibilityLevel; source: LevelSource };

/**
 * Pure. For every version missing in the target whose subject the target holds, in version order:
 * is it compatible with the target's live versions (and the missing versions before it that would
 * be accepted, as a migration registers them in order) at the subject's effective level?
 */
export function judgeMissingVersions(
  changes: readonly Change[],
  source: Snapshot,
  target: Snapshot,
  levels: LevelLookup = (c, s) => effectiveLevel(target, c, s),
): MissingVersionVerdict[] {
  const histories = new Map<string, ResolvedSchema[]>();
  const verdicts: MissingVersionVerdict[] = [];
  for (const change of changes.filter((c) => c.type === 'version.missing-in-target')) {
    const targetContext = change.targetContext ?? change.context;
    const key = keyOf(targetContext, change.subject);
    const version = subjectOf(source, change.context, change.subject!)?.versions.find((v) => v.version === change.version);
    if (!version) continue;
    if (!histories.has(key)) {
      const live = subjectOf(target, targetContext, change.subject!)?.versions.filter((v) => !v.deleted) ?? [];
      const resolved = live.map((v) => tryResolve(v, target, targetContext)).filter((r): r is ResolvedSchema & { version: number } => r !== null);
      histories.set(key, resolved);
    }
    const history = histories.get(key)!;
    if (history.length === 0) continue; // a new subject takes any first version
    const { level, source: levelSource } = levels(targetContext, change.subject!);
    const verdict = judgeOne(version, source, change.context, history, level);
    if (verdict.isCompatible) history.push(verdict.resolved!);
    const label = `${qualifySubject(change.context, change.subject!)} version ${version.version} (id ${version.id})`;
    verdicts.push({
      subject: change.subject!,
      context: change.context,
      ...(change.targetContext ? { targetContext: change.targetContext } : {}),
      version: version.version,
      id: version.id,
      level,
      levelSource,
      isCompatible: verdict.isCompatible,
      messages: verdict.messages,
      message: verdict.isCompatible
        ? `${label} would be accepted (${level}, ${levelSource} level)`
        : `${label} would be refused (${level}, ${levelSource} level): ${verdict.messages.join('; ')}`,
    });
  }
  return verdicts;
}

function subjectOf(snapshot: Snapshot, context: string, subject: string) {
  return snapshot.contexts.find((c) => c.name === context)?.subjects.find((s) => s.name === subject);
}

function tryResolve(v: SnapshotVersion, snapshot: Snapshot, context: string): (ResolvedSchema & { version: number }) | null {
  try {
    return { ...resolveReferences(v, snapshot, context), version: v.version };
  } catch {
    return null; // a target version whose reference the snapshot lacks cannot be judged against
  }
}

function judgeOne(
  version: SnapshotVersion,
  source: Snapshot,
  context: string,
  history: readonly ResolvedSchema[],
  level: CompatibilityLevel,
): { isCompatible: boolean; messages: string[]; resolved?: ResolvedSchema & { version: number } } {
  let resolved: ResolvedSchema;
  try {
    resolved = resolveReferences(version, source, context);
  } catch (error) {
    return { isCompatible: false, messages: [`cannot be judged: ${messageOf(error)}`] };
  }
  const verdict = checkCompatibility(resolved, history, level);
  return { isCompatible: verdict.isCompatible, messages: [...verdict.messages], resolved: { ...resolved, version: version.version } };
}
