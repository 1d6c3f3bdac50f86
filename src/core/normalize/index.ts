export { normalizeSchema, tryNormalizeSchema, versionFingerprint } from './normalize-schema.js';
export type { FingerprintInput, NormalizeResult } from './normalize-schema.js';
