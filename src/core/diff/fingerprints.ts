import { versionFingerprint } from '../normalize/normalize-schema.js';
import type { SnapshotVersion } from '../snapshot/types.js';

const byVersion = new WeakMap<SnapshotVersion, string>();

/** versionFingerprint of a snapshot version, computed once per version object. */
export function fingerprintOf(version: SnapshotVersion): string {
  let fingerprint = byVersion.get(version);
  if (fingerprint === undefined) {
    fingerprint = versionFingerprint(version);
    byVersion.set(version, fingerprint);
  }
  return fingerprint;
}

/** Same content (type, normalized schema, references); identical texts skip normalizing. */
export function sameContent(a: SnapshotVersion, b: SnapshotVersion): boolean {
  if (a.schemaType === b.schemaType && a.schema === b.schema && referencesKey(a) === referencesKey(b)) return true;
  return fingerprintOf(a) === fingerprintOf(b);
}

/** References as one comparable string. */
export function referencesKey(version: SnapshotVersion): string {
  if (version.references.length === 0) return '[]';
  return JSON.stringify([...version.references].map((r) => [r.name, r.subject, r.version]).sort());
}
