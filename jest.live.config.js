/** The live suite: real processes on loopback, run one file at a time. */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/__tests__/live'],
  testPathIgnorePatterns: [],
  testTimeout: 120000,
};
