/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // The live suite runs real processes for minutes (`npm run test:live`); the Docker suite
  // needs an engine (`npm run test:docker`).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/live/', '\\.engine\\.test\\.ts$'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
  },
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup-jest.ts'],
  testTimeout: 30000,
};
