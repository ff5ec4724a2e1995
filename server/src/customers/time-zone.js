'use strict';

/// Asks the core whether `timeZone` is a billing zone it knows: a name of its compiled tzdata
/// ("Europe/Berlin", exact case) or a fixed offset ("+05:30"). Refused with UNKNOWN_TIME_ZONE.
function validateTimeZone(core, timeZone, path) {
  core.run({ op: 'periods', start: '2026-01-01T00:00:00Z', interval: 'day', time_zone: timeZone }, [['/time_zone', path]]);
}

module.exports = { validateTimeZone };
