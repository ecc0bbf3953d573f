/**
 * The deploy suite: the README's plan, deploy and destroy and docs/offline-deploy.md's block, run as
 * written with the real provider on the Docker suite's engine, and an upgrade from the earlier pins.
 */
const docker = require('./jest.docker.config');

/** @type {import('jest').Config} */
module.exports = {
  ...docker,
  testMatch: ['**/deploy.engine.test.ts', '**/upgrade.engine.test.ts'],
  testPathIgnorePatterns: [],
};
