/**
 * Three projects: pure unit tests (milliseconds); integration tests against real registries on 127.0.0.1;
 * and the slow suites (crash safety and faults through the proxy, signals, the Dockerfile build, the
 * Apicurio JVM). `npm test` runs all three; `npm run test:fast` leaves the slow ones out for the edit loop.
 */
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] },
};

// Slow suites, as regular expressions over test paths (jest's testPathIgnorePatterns and testRegex syntax).
const slow = [
  '/__tests__/integration/reliability/(crash-safety|faults|signals)\\.int\\.test\\.ts$',
  '/__tests__/integration/docker/.*\\.int\\.test\\.ts$',
  '/__tests__/integration/vendors/.*apicurio.*\\.int\\.test\\.ts$',
];

export default {
  // Global only: jest ignores testTimeout inside projects. Integration tests start real registries.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/__tests__/integration/**/*.int.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...slow],
    },
    { ...common, displayName: 'slow', testRegex: slow },
  ],
};
