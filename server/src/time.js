'use strict';

/// Instants are stored and shown as RFC 3339 UTC with milliseconds ("2026-01-31T09:00:00.000Z"):
/// fixed width, so text order is time order in SQLite and PostgreSQL alike.
function toInstant(date) {
  return date.toISOString();
}

/// The current instant of the wall clock, or of a fixed clock in tests.
function systemClock() {
  return { now: () => new Date() };
}

/// Parses an RFC 3339 instant from a client into the canonical stored form, or returns null.
function parseInstant(text) {
  if (typeof text !== 'string') return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/// The instant `milliseconds` after `instant` (used for durations of the platform, never for
/// billing periods, which the core computes).
function addMilliseconds(instant, milliseconds) {
  return new Date(new Date(instant).getTime() + milliseconds).toISOString();
}

module.exports = { toInstant, systemClock, parseInstant, addMilliseconds };
