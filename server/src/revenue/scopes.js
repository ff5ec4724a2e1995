'use strict';
const { toInstant } = require('../time');

/// The scope of the customers on no test clock: they live on the wall clock.
const WALL_CLOCK = 'wall_clock';

/// The scopes revenue is snapshotted in, each with its own "now": the wall clock for customers
/// on no test clock, and every test clock at its frozen time (its customers live there).
/// `testClockId` narrows to one scope (WALL_CLOCK or a clock id).
async function snapshotScopes(executor, clock, testClockId = null) {
  const scopes = [];
  if (!testClockId || testClockId === WALL_CLOCK) scopes.push({ scope: WALL_CLOCK, now: toInstant(clock.now()) });
  if (testClockId === WALL_CLOCK) return scopes;
  let clocks = executor.selectFrom('test_clocks').select(['id', 'frozen_time']).orderBy('id');
  if (testClockId) clocks = clocks.where('id', '=', testClockId);
  for (const row of await clocks.execute()) scopes.push({ scope: row.id, now: row.frozen_time });
  return scopes;
}

/// The day a snapshot taken at `instant` belongs to: its UTC date ("2026-01-15").
const snapshotDay = (instant) => instant.slice(0, 10);

module.exports = { WALL_CLOCK, snapshotScopes, snapshotDay };
