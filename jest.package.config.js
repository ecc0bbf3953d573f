/**
 * The package suite (`npm run test:package`): `npm pack`, then a new CDKTF project that
 * installs the tarball, synthesizes and type-checks. Minutes of npm and tsc, one file.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/__tests__/package'],
  testPathIgnorePatterns: ['/node_modules/'],
  // The tarball holds no demo app dependencies, and neither does this suite need them.
  globalSetup: undefined,
  testTimeout: 180000,
};
