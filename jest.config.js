// Three tiers, each runnable alone (npm run test:unit|test:workflow|test:e2e).
// The workflow and e2e tiers share one real Temporal dev server per run, started by test/support/global-setup.ts.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const server = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
module.exports = {
  testTimeout: 120000,
  projects: [
    { displayName: 'unit', transform, testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { displayName: 'workflow', transform, testMatch: ['<rootDir>/test/workflow/**/*.test.ts'], ...server },
    { displayName: 'e2e', transform, testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], ...server },
  ],
};
