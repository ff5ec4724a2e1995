'use strict';

/// Polls `check` every 25 ms until it answers something truthy, and returns that; throws naming
/// `what` once `timeoutMs` have passed (after one last check).
async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

module.exports = { waitFor };
