import { mapLimit } from '../registry/limiter.js';
import { readSourceSnapshot, type SnapshotSource } from './read-source.js';
import { levelOf } from '../compat/index.js';
import { effectiveLevel, type LevelSource } from '../compat/judge-missing-versions.js';
import type { CompatibilityLevel } from '../compat/types.js';
import { keyOf } from '../keys.js';

type Level = { level: CompatibilityLevel; source: LevelSource };

/**
 * The effective compatibility of the given target subjects, read once each: from a registry, the
 * subject's config, then its context's (the global one for `.`); from an export, what it holds.
 * Returns a lookup; a subject not asked about answers BACKWARD (the registries' default).
 */
export async function readTargetLevels(
  target: SnapshotSource,
  subjects: readonly { context: string; subject: string }[],
  concurrency: number,
): Promise<(context: string, subject: string) => Level> {
  const key = (context: string, subject: string) => keyOf(context, subject);
  const found = new Map<string, Level>();
  if (target.kind === 'http') {
    const contextLevels = new Map<string, Promise<string | null>>();
    const ofContext = (context: string) => {
      if (!contextLevels.has(context))
        contextLevels.set(
          context,
          target.client.getCompatibility(context, null).then(async (level) => level ?? (context === '.' ? null : target.client.getCompatibility('.', null))),
        );
      return contextLevels.get(context)!;
    };
    await mapLimit(subjects, concurrency, async ({ context, subject }) => {
      const own = levelOf(await target.client.getCompatibility(context, subject));
      const inherited = own ? null : levelOf(await ofContext(context));
      found.set(
        key(context, subject),
        own
          ? { level: own, source: 'subject' }
          : inherited
            ? { level: inherited, source: context === '.' ? 'global' : 'context' }
            : { level: 'BACKWARD', source: 'default' },
      );
    });
  } else if (subjects.length > 0) {
    const snapshot = await readSourceSnapshot(target, { contexts: [...new Set(subjects.map((s) => s.context))], includeConfig: true });
    for (const { context, subject } of subjects) found.set(key(context, subject), effectiveLevel(snapshot, context, subject));
  }
  return (context, subject) => found.get(key(context, subject)) ?? { level: 'BACKWARD', source: 'default' };
}
