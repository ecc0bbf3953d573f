/** The backend suite: a stack's state in a PostgreSQL server the suite starts, deployed with the real provider on the Docker suite's engine. */
const docker = require('./jest.docker.config');

/** @type {import('jest').Config} */
module.exports = {
  ...docker,
  testMatch: ['**/backend.engine.test.ts'],
  testPathIgnorePatterns: [],
};
