/** The Docker suite: the synthesized stack created on a real Docker engine, one file at a time. */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/__tests__/docker'],
  testMatch: ['**/*.engine.test.ts'],
  // The swarm, deploy and backend suites share the engine but not the run: `npm run test:swarm`, `test:deploy`, `test:backend`;
  // the swarm-nodes suite runs on the three nodes of docker/swarm-hosts.sh (`npm run test:swarm-nodes`).
  testPathIgnorePatterns: ['/swarm\\.engine\\.test\\.ts$', '/swarm-nodes\\.engine\\.test\\.ts$', '/deploy\\.engine\\.test\\.ts$', '/upgrade\\.engine\\.test\\.ts$', '/backend\\.engine\\.test\\.ts$'],
  testTimeout: 180000,
};
