'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { serverNodeFlags } = require('../src/node-flags');

describe('the Node flags of the server process', () => {
  it('collects garbage on the main thread alone on two cores or fewer, and prints the flags for npm start', () => {
    assert.deepEqual(serverNodeFlags(1), ['--single-threaded-gc']);
    assert.deepEqual(serverNodeFlags(2), ['--single-threaded-gc']);
    assert.deepEqual(serverNodeFlags(8), []);
    const script = path.join(__dirname, '..', 'src', 'node-flags.js');
    assert.equal(execFileSync(process.execPath, [script], { encoding: 'utf8' }), `${serverNodeFlags().join(' ')}\n`);
    // This Node takes them.
    assert.equal(execFileSync(process.execPath, [...serverNodeFlags(1), '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' }), 'ok');
  });
});
