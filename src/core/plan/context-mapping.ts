import { dataContractKeys, versionIdentity, type IdentityInput } from '../normalize/index.js';
import { createHash } from 'node:crypto';
import { DEFAULT_CONTEXT, normalizeContext, parseQualifiedSubject } from '../registry/paths.js';
import type { SchemaReference } from '../registry/types.js';
import type { MigrationScope } from './types.js';

/** Maps source contexts to target contexts: one optional mapping, identity otherwise. */
export interface ContextMapper {
  (sourceContext: string): string;
}

/** A mapper sending `from` to `to` (both normalized) and every other context to itself. */
export function contextMapper(from: string | undefined, to: string | undefined): ContextMapper {
  if (from === undefined || to === undefined) return (ctx) => ctx;
  const source = normalizeContext(from);
  const target = normalizeContext(to);
  return (ctx) => (ctx === source ? target : ctx);
}

/** A scope's mapper: with --target-context, its one source context to that context; else every context to itself. */
export function scopeMapper(scope: Pick<MigrationScope, 'contexts' | 'targetContext'>): ContextMapper {
  return contextMapper(scope.targetContext !== undefined ? scope.contexts?.[0] : undefined, scope.targetContext);
}

/** Where a reference points: its context (resolved against the referrer's) and bare subject. */
export function resolveReference(ref: SchemaReference, referrerContext: string): { context: string; subject: string } {
  return parseQualifiedSubject(ref.subject, referrerContext);
}

/**
 * Rewrites references of a version moving from `sourceContext` to `map(sourceContext)`: a referenced
 * subject is written bare when it lands in the referrer's target context, qualified (`:.ctx:s`) otherwise.
 */
export function rewriteReferences(refs: readonly SchemaReference[], sourceContext: string, map: ContextMapper): SchemaReference[] {
  const referrerTarget = map(sourceContext);
  return refs.map((ref) => {
    const resolved = resolveReference(ref, sourceContext);
    const context = map(resolved.context);
    const subject = context === referrerTarget ? resolved.subject : `:${context}:${resolved.subject}`;
    return { name: ref.name, subject, version: ref.version };
  });
}

/** True when a reference names a subject outside the referrer's own context. */
export function isCrossContext(ref: SchemaReference, referrerContext: string): boolean {
  return resolveReference(ref, referrerContext).context !== referrerContext;
}

/**
 * Version identity for planning (type, normalized schema with JSON key order kept, references, metadata,
 * rule set: see versionIdentity); falls back to raw text when a schema does not parse.
 */
export function contentKey(version: IdentityInput): string {
  const cached = keyCache.get(version);
  if (cached !== undefined) return cached;
  let key: string;
  try {
    key = versionIdentity(version);
  } catch {
    const refs = (version.references ?? []).map((r) => [r.name, r.subject, r.version]);
    const contract = dataContractKeys(version);
    key = createHash('sha256')
      .update(JSON.stringify(['raw', version.schemaType ?? 'AVRO', version.schema, refs, contract.metadata, contract.ruleSet]))
      .digest('hex');
  }
  keyCache.set(version, key);
  return key;
}

// Snapshot versions are immutable objects: fingerprint each once.
const keyCache = new WeakMap<object, string>();

/** `orders` in `.` → `orders`; in `.x` → `:.x:orders` (for messages). */
export function displaySubject(context: string, subject: string): string {
  return context === DEFAULT_CONTEXT ? subject : `:${context}:${subject}`;
}
