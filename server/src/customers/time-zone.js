'use strict';
const { ApiError } = require('../http/errors');

/// Refuses a billing time zone that is not an IANA zone name.
function validateTimeZone(core, timeZone, path) {
  let canonical;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    canonical = null;
  }
  if (!canonical || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) {
    throw new ApiError('INVALID_ARGUMENT', `"${timeZone}" is not an IANA time zone name (e.g. Europe/Berlin)`, path);
  }
}

module.exports = { validateTimeZone };
