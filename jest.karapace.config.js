/** Opt-in suite against real Karapace + Kafka started from a prepared cache (`npm run test:karapace`); not part of `npm test`. */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] },
  testMatch: ['<rootDir>/__tests__/karapace/**/*.karapace.test.ts'],
  maxWorkers: 1,
  // Kafka and Karapace start in beforeAll: a cold start on a loaded machine takes minutes.
  testTimeout: 600000,
};
