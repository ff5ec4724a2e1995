'use strict';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/// The Standard Webhooks retry schedule: the first attempt at once, then each retry this long
/// after the previous attempt failed. A delivery has 10 attempts in all (about 3 days 4 hours).
const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR];
const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/// Each delay is spread by up to this fraction either way, so retries of many deliveries that
/// failed together do not arrive together.
const JITTER = 0.1;

/// An endpoint that has failed every attempt for this long is disabled.
const DISABLE_AFTER_FAILING_MS = 5 * DAY;

/// Slowing down after 429, 502 or 504: the pause between two requests to the endpoint starts
/// at a second, doubles with each such answer up to ten minutes (or follows Retry-After, up to
/// an hour), and halves with each success until it is gone.
const SLOW_DOWN_STATUSES = new Set([429, 502, 504]);
const THROTTLE_MIN_MS = SECOND;
const THROTTLE_MAX_MS = 10 * MINUTE;
const RETRY_AFTER_MAX_MS = HOUR;

/// The delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed, jittered
/// by `random` (0..1); null when the attempts are used up.
function retryDelayMs(attempt, random = Math.random()) {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random));
}

/// The pause between requests to an endpoint after an answer: longer after 429/502/504
/// (following Retry-After when the receiver sent one), shorter after a success.
function nextThrottleMs(currentMs, { status, retryAfter }) {
  if (SLOW_DOWN_STATUSES.has(status)) {
    const asked = parseRetryAfter(retryAfter);
    if (asked !== null) return Math.min(Math.max(asked, THROTTLE_MIN_MS), RETRY_AFTER_MAX_MS);
    return Math.min(Math.max(currentMs * 2, THROTTLE_MIN_MS), THROTTLE_MAX_MS);
  }
  if (status >= 200 && status < 300) {
    const halved = Math.floor(currentMs / 2);
    return halved < THROTTLE_MIN_MS ? 0 : halved;
  }
  return currentMs;
}

// Retry-After as delay-seconds (dates are not followed: a receiver's clock may be off).
function parseRetryAfter(value) {
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) * SECOND : null;
}

module.exports = { retryDelayMs, nextThrottleMs, RETRY_DELAYS_MS, MAX_ATTEMPTS, JITTER, DISABLE_AFTER_FAILING_MS };
