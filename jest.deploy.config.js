/** The deploy suite: the README's deploy, offline deploy and destroy, run as written with the real provider on the Docker suite's engine. */
const docker = require('./jest.docker.config');

/** @type {import('jest').Config} */
module.exports = {
  ...docker,
  testMatch: ['**/deploy.engine.test.ts'],
  testPathIgnorePatterns: [],
};
