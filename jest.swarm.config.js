/** The swarm suite: the sentinel-swarm stack applied to a single-node Docker Swarm on the Docker suite's engine. */
const docker = require('./jest.docker.config');

/** @type {import('jest').Config} */
module.exports = {
  ...docker,
  testMatch: ['**/swarm.engine.test.ts'],
  testPathIgnorePatterns: [],
};
