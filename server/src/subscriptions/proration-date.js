'use strict';
const { ApiError } = require('../http/errors');
const { toInstant } = require('../time');

/// How far back a change may be prorated (`proration_date`): long enough for a person to read a
/// preview and confirm it, short enough that nobody backdates a change.
const PRORATION_DATE_WINDOW_SECONDS = 300;

/// The instant a change with `proration_date` is prorated at: the given instant (whole seconds,
/// as the core bills), refused with INVALID_ARGUMENT at /proration_date when it is in the
/// future, older than the window, or before the subscription's current period.
function prorationDate(text, now, row) {
  const at = new Date(text);
  const refuse = (why) => new ApiError('INVALID_ARGUMENT', why, '/proration_date');
  if (Number.isNaN(at.getTime())) throw refuse('is not an instant');
  if (at.getTime() > now.getTime()) throw refuse('is in the future');
  if (now.getTime() - at.getTime() > PRORATION_DATE_WINDOW_SECONDS * 1000) {
    throw refuse(`is more than ${PRORATION_DATE_WINDOW_SECONDS} s ago; preview the change again`);
  }
  const instant = toInstant(new Date(Math.floor(at.getTime() / 1000) * 1000));
  if (instant < row.current_period_start) throw refuse('is before the current period; preview the change again');
  return instant;
}

module.exports = { prorationDate, PRORATION_DATE_WINDOW_SECONDS };
