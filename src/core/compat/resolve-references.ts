import { parseQualifiedSubject } from '../registry/paths.js';
import type { SchemaReference } from '../registry/types.js';
import type { Snapshot, SnapshotVersion } from '../snapshot/types.js';
import type { ResolvedReference, ResolvedSchema } from './types.js';
import { keyOf } from '../keys.js';

/**
 * A version with the text of every schema it references, read from the snapshot (references of
 * references too, dependencies first, each once). Throws naming the first reference not found.
 */
export function resolveReferences(version: Pick<SnapshotVersion, 'schemaType' | 'schema' | 'references'>, snapshot: Snapshot, context: string): ResolvedSchema {
  const out: ResolvedReference[] = [];
  const seen = new Set<string>();
  const visit = (refs: readonly SchemaReference[], ctx: string, trail: readonly string[]) => {
    for (const ref of refs) {
      const { context: refContext, subject } = parseQualifiedSubject(ref.subject, ctx);
      const id = keyOf(refContext, subject, ref.version);
      if (seen.has(id) || trail.includes(id)) continue;
      const found = snapshot.contexts
        .find((c) => c.name === refContext)
        ?.subjects.find((s) => s.name === subject)
        ?.versions.find((v) => v.version === ref.version);
      if (!found) throw new Error(`reference ${ref.name} → ${ref.subject} version ${ref.version} not found in ${snapshot.registry.name}`);
      visit(found.references, refContext, [...trail, id]);
      seen.add(id);
      out.push({ ...ref, schema: found.schema });
    }
  };
  visit(version.references, context, []);
  return { schemaType: version.schemaType, schema: version.schema, references: out };
}

/** A version as a lookup returns it: its text and its own references. */
type Fetched = Pick<SnapshotVersion, 'schema' | 'references'> | null;

/** As {@link resolveReferences}, reading each referenced version through `fetch` (e.g. from a registry). */
export async function resolveReferencesWith(
  version: Pick<SnapshotVersion, 'schemaType' | 'schema' | 'references'>,
  context: string,
  fetch: (context: string, subject: string, version: number) => Promise<Fetched>,
): Promise<ResolvedSchema> {
  const out: ResolvedReference[] = [];
  const seen = new Set<string>();
  const visit = async (refs: readonly SchemaReference[], ctx: string, trail: readonly string[]): Promise<void> => {
    for (const ref of refs) {
      const { context: refContext, subject } = parseQualifiedSubject(ref.subject, ctx);
      const id = keyOf(refContext, subject, ref.version);
      if (seen.has(id) || trail.includes(id)) continue;
      const found = await fetch(refContext, subject, ref.version);
      if (!found) throw new Error(`reference ${ref.name} → ${ref.subject} version ${ref.version} not found`);
      await visit(found.references, refContext, [...trail, id]);
      seen.add(id);
      out.push({ ...ref, schema: found.schema });
    }
  };
  await visit(version.references, context, []);
  return { schemaType: version.schemaType, schema: version.schema, references: out };
}
