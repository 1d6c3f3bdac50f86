export { normalizeSchema, tryNormalizeSchema, versionFingerprint, versionIdentity } from './normalize-schema.js';
export type { FingerprintInput, IdentityInput, IdentityOptions, NormalizeResult } from './normalize-schema.js';
export { dataContractKeys } from './data-contract.js';
