import { versionFingerprint } from '../normalize/normalize-schema.js';
import type { SnapshotVersion } from '../snapshot/types.js';

const cache = new WeakMap<SnapshotVersion, string>();

/** versionFingerprint of a snapshot version, computed once per version object. */
export function fingerprintOf(version: SnapshotVersion): string {
  let fingerprint = cache.get(version);
  if (fingerprint === undefined) {
    fingerprint = versionFingerprint(version);
    cache.set(version, fingerprint);
  }
  return fingerprint;
}

/** References as one comparable string. */
export function referencesKey(version: SnapshotVersion): string {
  return JSON.stringify([...version.references].map((r) => [r.name, r.subject, r.version]).sort());
}
