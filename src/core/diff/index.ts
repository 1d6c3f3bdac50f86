export { diffSnapshots } from './diff-snapshots.js';
export { compareSubject, sameSetting } from './compare-subject.js';
export { findIdCollisions } from './id-collisions.js';
export { fingerprintOf } from './fingerprints.js';
export type * from './types.js';
