'use strict';
const fs = require('node:fs');
const path = require('node:path');

/// Creates `dir` (and its missing parents) readable by this user only (0700) when it does not
/// exist. An existing directory keeps its mode: it was chosen by whoever made it.
function ensurePrivateDirectory(dir) {
  if (fs.existsSync(dir)) return;
  ensurePrivateDirectory(path.dirname(dir));
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if (error.code !== 'EEXIST') throw error; // another process made it first
  }
  fs.chmodSync(dir, 0o700); // mkdir's mode is narrowed by the umask, never widened: make it exact
}

/// Creates `file` empty with mode 0600 when it does not exist, and narrows an existing one to
/// 0600: it holds billing data or a secret, for this user only.
function ensurePrivateFile(file) {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
}

module.exports = { ensurePrivateDirectory, ensurePrivateFile };
