// POSIX TZ rule strings as found in TZif footers (RFC 8536 section 3.3), for the time zone
// table generator: it uses them only to find which trailing transitions of a fat TZif file
// the rule predicts, so that they need not be stored. The core evaluates the same rules in
// C++ (core/src/calendar/posix_tz_rule.cpp); the C++ tests check the core against the raw
// TZif files, so a disagreement between the two cannot go unnoticed.
'use strict';

function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function isLeap(year) {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year, month) {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

// Parses a rule; throws with the zone name on anything malformed.
function parse(text, zone) {
  let at = 0;
  const bad = (why) => {
    throw new Error(`${zone}: footer ${JSON.stringify(text)}: ${why} at ${at}`);
  };
  const name = () => {
    if (text[at] === '<') {
      const close = text.indexOf('>', at);
      if (close < 0) bad('unclosed <');
      at = close + 1;
    } else {
      const start = at;
      while (at < text.length && /[A-Za-z]/.test(text[at])) ++at;
      if (at - start < 3) bad('name shorter than 3 letters');
    }
  };
  const number = (maxDigits) => {
    const start = at;
    while (at < text.length && at - start < maxDigits && /[0-9]/.test(text[at])) ++at;
    if (at === start) bad('digit expected');
    return Number(text.slice(start, at));
  };
  const time = (maxHourDigits) => {
    let sign = 1;
    if (text[at] === '+' || text[at] === '-') sign = text[at++] === '-' ? -1 : 1;
    let seconds = number(maxHourDigits) * 3600;
    if (text[at] === ':') {
      ++at;
      seconds += number(2) * 60;
      if (text[at] === ':') {
        ++at;
        seconds += number(2);
      }
    }
    return sign * seconds;
  };
  const date = () => {
    let rule;
    if (text[at] === 'J') {
      ++at;
      rule = { kind: 'julian', day: number(3) };
    } else if (text[at] === 'M') {
      ++at;
      const month = number(2);
      if (text[at++] !== '.') bad('. expected');
      const week = number(1);
      if (text[at++] !== '.') bad('. expected');
      rule = { kind: 'month', month, week, weekday: number(1) };
    } else {
      rule = { kind: 'day', day: number(3) };
    }
    rule.time = 7200;
    if (text[at] === '/') {
      ++at;
      rule.time = time(3);
    }
    return rule;
  };

  name();
  const stdOffset = -time(2);
  if (at === text.length) return { stdOffset, dstOffset: null };
  name();
  let dstOffset = stdOffset + 3600;
  if (at < text.length && text[at] !== ',') dstOffset = -time(2);
  if (text[at++] !== ',') bad('rules expected after the DST name');
  const start = date();
  if (text[at++] !== ',') bad(', expected');
  const end = date();
  if (at !== text.length) bad('trailing characters');
  return { stdOffset, dstOffset, start, end };
}

// Local seconds since 1970 at which a date rule fires in `year`.
function localTransition(rule, year) {
  let days;
  if (rule.kind === 'julian') {
    days = daysFromCivil(year, 1, 1) + rule.day - 1 + (isLeap(year) && rule.day >= 60 ? 1 : 0);
  } else if (rule.kind === 'day') {
    days = daysFromCivil(year, 1, 1) + rule.day;
  } else {
    const first = daysFromCivil(year, rule.month, 1);
    const firstWeekday = (((first + 4) % 7) + 7) % 7;  // 1970-01-01 was a Thursday
    let day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + 7 * (rule.week - 1);
    while (day > daysInMonth(year, rule.month)) day -= 7;
    days = first + day - 1;
  }
  return days * 86400 + rule.time;
}

// The rule's DST starts and ends in the years around `year`, in time order; at equal
// times an end sorts before a start (so "all year DST" rules stay in DST).
function events(rule, firstYear, lastYear) {
  const list = [];
  for (let year = firstYear; year <= lastYear; ++year) {
    list.push({ time: localTransition(rule.start, year) - rule.stdOffset, dst: true });
    list.push({ time: localTransition(rule.end, year) - rule.dstOffset, dst: false });
  }
  return list.sort((a, b) => a.time - b.time || (a.dst ? 1 : 0) - (b.dst ? 1 : 0));
}

function utcYear(seconds) {
  return new Date(seconds * 1000).getUTCFullYear();
}

// The UTC offset the rule gives at an instant (seconds since 1970).
function offsetAt(rule, seconds) {
  if (rule.dstOffset === null) return rule.stdOffset;
  const year = utcYear(seconds);
  let dst = false;
  for (const event of events(rule, year - 2, year + 1)) {
    if (event.time <= seconds) dst = event.dst;
  }
  return dst ? rule.dstOffset : rule.stdOffset;
}

// Every change of offset in (from, to], as [{time, offset}].
function offsetChanges(rule, from, to) {
  if (rule.dstOffset === null) return [];
  const changes = [];
  let current = offsetAt(rule, from);
  for (const event of events(rule, utcYear(from) - 1, utcYear(to) + 1)) {
    if (event.time <= from || event.time > to) continue;
    const offset = offsetAt(rule, event.time);
    if (offset !== current) changes.push({ time: event.time, offset });
    current = offset;
  }
  return changes;
}

module.exports = { parse, offsetAt, offsetChanges };
