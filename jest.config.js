'use strict';
// Jest runs the JavaScript package's suites (tests/js): golden vectors and random parity in
// Node, and the browser suite driving Debian's Chromium through playwright-core.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/js'],
  testTimeout: 120000,
};
