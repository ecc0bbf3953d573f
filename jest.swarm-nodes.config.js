/** The swarm-nodes suite: the sentinel-swarm stack on three Swarm managers (docker/swarm-hosts.sh), its images from their registry. */
const docker = require('./jest.docker.config');

/** @type {import('jest').Config} */
module.exports = {
  ...docker,
  testMatch: ['**/swarm-nodes.engine.test.ts'],
  testPathIgnorePatterns: [],
};
