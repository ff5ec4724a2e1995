'use strict';
// The app's own state: workspaces with their users, access keys (hashes only) and what each
// key used. Kept in memory, and written to a JSON file after each change when a file is given
// (so the app keeps its tenants across restarts).

const crypto = require('node:crypto');
const fs = require('node:fs');

function createStore(file) {
  const state = file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { workspaces: {} };

  function save() {
    if (!file) return;
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(state));
    fs.renameSync(`${file}.tmp`, file);
  }

  return {
    workspace: (id) => state.workspaces[id] || null,
    /** Creates the workspace or updates its name; an archived one comes back to life. */
    putWorkspace(id, { customer, name }) {
      const existing = state.workspaces[id];
      state.workspaces[id] = existing && existing.status !== 'purged'
        ? { ...existing, customer, name, status: existing.status === 'archived' ? 'active' : existing.status }
        : { id, customer, name, status: 'active', users: {}, keys: {}, key_usage: {}, welcomes: [], events: [] };
      save();
      return state.workspaces[id];
    },
    update(id, change) {
      change(state.workspaces[id]);
      save();
    },
    /** Erases a workspace's data, keeping a tombstone that says when. */
    purge(id) {
      state.workspaces[id] = { id, status: 'purged', purged_at: new Date().toISOString() };
      save();
    },
    /** The stored key a presented secret belongs to, if it works at `now`. */
    findKey(workspace, secret, now) {
      const match = /^(rcak_[0-9a-z]{10})_[0-9a-z]{40}$/.exec(secret || '');
      if (!match) return null;
      const key = Object.values(workspace.keys).find((entry) => entry.prefix === match[1]);
      if (!key || key.revoked_at || (key.expires_at && key.expires_at <= now.toISOString())) return null;
      const presented = crypto.createHash('sha256').update(secret, 'utf8').digest();
      const stored = Buffer.from(key.secret_hash, 'hex');
      return stored.length === presented.length && crypto.timingSafeEqual(stored, presented) ? key : null;
    },
  };
}

module.exports = { createStore };
