/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // The live suite runs real processes for minutes (`npm run test:live`); the Docker suite
  // needs an engine (`npm run test:docker`); the package suite packs and installs (`npm run test:package`).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/live/', '<rootDir>/__tests__/package/', '\\.engine\\.test\\.ts$'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
  },
  // No install-time script installs the demo app's dependencies (app/node_modules): the suites do, when missing.
  globalSetup: '<rootDir>/__tests__/support/app-dependencies.ts',
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup-jest.ts'],
  testTimeout: 30000,
};
