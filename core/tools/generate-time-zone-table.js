#!/usr/bin/env node
// Generates the core's time zone table (a C++ source file) from the system's tzdata: the
// compiled TZif files (RFC 8536) under /usr/share/zoneinfo, one per zone and link named in
// tzdata.zi. The same script runs for native and WebAssembly builds, so both embed
// byte-identical tables.
//
//   node core/tools/generate-time-zone-table.js <output.cpp> [--zoneinfo /usr/share/zoneinfo]
//
// What the table keeps, per zone (docs/core-api.md, "Time zones"):
//   - the UTC offset in force at 1970-01-01T00:00:00Z (also used for every earlier instant),
//   - each later change of UTC offset (changes of abbreviation or DST flag alone are dropped),
//   - the zone's POSIX TZ footer, which the core evaluates after the last kept transition.
// Debian compiles its TZif files "fat": transitions the footer rule already predicts are
// written out through 2037. They are dropped here (from the end, only while this script's
// evaluation of the footer reproduces every one of them), so the table stays small; the
// C++ tests compare the core with the raw TZif files for every zone.
// Zones whose kept data are identical share one entry; names are sorted bytewise.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const posix = require('./posix-tz-rule.js');

const FIRST_KEPT = 0;                   // 1970-01-01T00:00:00Z: nothing earlier is kept
const LAST_CHECKED = Date.UTC(2038, 0, 1) / 1000;  // fat files list transitions through 2037
const MAX_UINT32 = 0xffffffff;

function fail(message) {
  console.error(`generate-time-zone-table: ${message}`);
  process.exit(1);
}

// The version ("2026f") and every zone and link name declared in tzdata.zi.
function readTzdataIndex(zoneinfo) {
  const text = fs.readFileSync(path.join(zoneinfo, 'tzdata.zi'), 'latin1');
  const version = /^# version (\S+)$/m.exec(text);
  if (!version) fail('tzdata.zi has no "# version" line');
  const names = [];
  for (const line of text.split('\n')) {
    const fields = line.split(/\s+/);
    if (fields[0] === 'Z') names.push(fields[1]);
    if (fields[0] === 'L') names.push(fields[2]);
  }
  if (names.length === 0) fail('tzdata.zi names no zones');
  return { version: version[1], names };
}

// The 64-bit data block and footer of a TZif file of version 2 or later.
function readTzif(file) {
  const data = fs.readFileSync(file);
  const header = (at) => {
    if (data.toString('latin1', at, at + 4) !== 'TZif') fail(`${file}: not a TZif file`);
    const counts = [];
    for (let i = 0; i < 6; ++i) counts.push(data.readUInt32BE(at + 20 + 4 * i));
    const [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = counts;
    return { version: data[at + 4], isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt };
  };
  const v1 = header(0);
  if (v1.version < 0x32) fail(`${file}: TZif version 1 has no 64-bit data or footer`);
  let at = 44 + v1.timecnt * 5 + v1.typecnt * 6 + v1.charcnt + v1.leapcnt * 8 + v1.isstdcnt + v1.isutcnt;
  const h = header(at);
  if (h.leapcnt !== 0) fail(`${file}: has leap seconds (a "right/" zone); POSIX time is expected`);
  at += 44;
  const times = [];
  for (let i = 0; i < h.timecnt; ++i) times.push(Number(data.readBigInt64BE(at + 8 * i)));
  at += 8 * h.timecnt;
  const typeIndexes = [...data.subarray(at, at + h.timecnt)];
  at += h.timecnt;
  const offsets = [];
  for (let i = 0; i < h.typecnt; ++i) offsets.push(data.readInt32BE(at + 6 * i));
  at += 6 * h.typecnt + h.charcnt + h.isstdcnt + h.isutcnt;
  const footer = data.toString('latin1', at);
  if (!/^\n[^\n]*\n$/.test(footer)) fail(`${file}: malformed footer`);
  return { times, offsets: typeIndexes.map((index) => offsets[index]), firstOffset: offsets[0], footer: footer.slice(1, -1) };
}

// [{time, offset}]: the offset at FIRST_KEPT, then each later change of offset.
function offsetChanges(tzif) {
  let current = tzif.firstOffset;
  const later = [];
  tzif.times.forEach((time, i) => {
    if (time <= FIRST_KEPT) current = tzif.offsets[i];
    else later.push({ time, offset: tzif.offsets[i] });
  });
  const changes = [{ time: FIRST_KEPT, offset: current }];
  for (const change of later) {
    if (change.offset !== changes[changes.length - 1].offset) changes.push(change);
  }
  return changes;
}

// The fewest leading changes after which the footer rule gives every later offset.
function keptChanges(name, changes, rule) {
  const last = changes[changes.length - 1];
  if (rule === null) return changes;
  const agrees = (kept) => {
    const from = changes[kept - 1];
    if (posix.offsetAt(rule, from.time) !== from.offset) return false;
    const predicted = posix.offsetChanges(rule, from.time, Math.max(LAST_CHECKED, last.time));
    const dropped = changes.slice(kept);
    return predicted.length === dropped.length &&
           predicted.every((change, i) => change.time === dropped[i].time && change.offset === dropped[i].offset);
  };
  for (let kept = 1; kept <= changes.length; ++kept) {
    if (agrees(kept)) return changes.slice(0, kept);
  }
  fail(`${name}: the footer rule disagrees with the zone's last offset`);
}

function cString(text) {
  if (!/^[\x20-\x7e]*$/.test(text) || /["\\?]/.test(text)) fail(`unexpected character in ${JSON.stringify(text)}`);
  return `"${text}\\0"`;
}

function numbers(values, perLine) {
  const lines = [];
  for (let i = 0; i < values.length; i += perLine) lines.push('    ' + values.slice(i, i + perLine).join(', ') + ',');
  return lines.join('\n');
}

function main() {
  const args = process.argv.slice(2);
  const zoneinfoAt = args.indexOf('--zoneinfo');
  const zoneinfo = zoneinfoAt >= 0 ? args.splice(zoneinfoAt, 2)[1] : '/usr/share/zoneinfo';
  if (args.length !== 1) fail('usage: generate-time-zone-table.js <output.cpp> [--zoneinfo dir]');
  const output = args[0];

  const { version, names } = readTzdataIndex(zoneinfo);
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const zoneByKey = new Map();
  const zones = [];        // {changes, footer}
  const nameZone = [];     // per sorted name
  for (const name of names) {
    const tzif = readTzif(path.join(zoneinfo, name));
    const rule = tzif.footer === '' ? null : posix.parse(tzif.footer, name);
    const changes = keptChanges(name, offsetChanges(tzif), rule);
    const key = JSON.stringify([changes, tzif.footer]);
    if (!zoneByKey.has(key)) {
      zoneByKey.set(key, zones.length);
      zones.push({ changes, footer: tzif.footer });
    }
    nameZone.push(zoneByKey.get(key));
  }

  const offsets = [...new Set(zones.flatMap((zone) => zone.changes.map((change) => change.offset)))].sort((a, b) => a - b);
  const footers = [...new Set(zones.map((zone) => zone.footer))].sort();
  const times = [];
  const offsetIndexes = [];
  const zoneFirst = [];
  for (const zone of zones) {
    zoneFirst.push(times.length);
    for (const change of zone.changes) {
      if (change.time < 0 || change.time > MAX_UINT32) fail(`transition ${change.time} does not fit 32 bits`);
      times.push(change.time);
      offsetIndexes.push(offsets.indexOf(change.offset));
    }
  }
  zoneFirst.push(times.length);
  const nameText = names.map(cString);
  const nameOffsets = [];
  let nameBytes = 0;
  for (const name of names) {
    nameOffsets.push(nameBytes);
    nameBytes += name.length + 1;
  }
  const footerOffsets = [];
  let footerBytes = 0;
  for (const footer of footers) {
    footerOffsets.push(footerBytes);
    footerBytes += footer.length + 1;
  }
  if (offsets.length > 256 || footers.length > 256) fail('too many distinct offsets or footers for one byte');
  if (nameBytes > 0xffff || footerBytes > 0xffff || zones.length > 0xffff || times.length > 0xffff) {
    fail('the table outgrew its 16-bit indexes');
  }

  const bytes = nameBytes + 2 * names.length * 2 + footerBytes + 2 * footers.length + (2 + 1) * zones.length + 2 +
                5 * times.length + 4 * offsets.length;
  const source = `// Generated by core/tools/generate-time-zone-table.js from tzdata ${version}
// (${zoneinfo}). Do not edit: the build regenerates it.
// ${names.length} names, ${zones.length} distinct zones, ${times.length} transitions, ${footers.length} footer rules, ${offsets.length} offsets: ${bytes} bytes of data.
#include "calendar/time_zone_table.hpp"

namespace ratecard {
namespace {

constexpr char kNames[] =
${nameText.map((text) => '    ' + text).join('\n')};

constexpr std::uint16_t kNameOffsets[] = {
${numbers(nameOffsets, 12)}
};

constexpr std::uint16_t kNameZones[] = {
${numbers(nameZone, 16)}
};

constexpr char kFooters[] =
${footers.map((footer) => '    ' + cString(footer)).join('\n')};

constexpr std::uint16_t kFooterOffsets[] = {
${numbers(footerOffsets, 12)}
};

constexpr std::uint16_t kZoneFirstTransitions[] = {
${numbers(zoneFirst, 12)}
};

constexpr std::uint8_t kZoneFooters[] = {
${numbers(zones.map((zone) => footers.indexOf(zone.footer)), 16)}
};

constexpr std::uint32_t kTransitionTimes[] = {
${numbers(times, 8)}
};

constexpr std::uint8_t kTransitionOffsets[] = {
${numbers(offsetIndexes, 16)}
};

constexpr std::int32_t kOffsets[] = {
${numbers(offsets, 10)}
};

}  // namespace

const TimeZoneTable& time_zone_table() noexcept {
  static constexpr TimeZoneTable kTable{
      "${version}",
      kNames, kNameOffsets, kNameZones, ${names.length},
      kFooters, kFooterOffsets, ${footers.length},
      kZoneFirstTransitions, kZoneFooters, ${zones.length},
      kTransitionTimes, kTransitionOffsets, ${times.length},
      kOffsets, ${offsets.length},
      ${bytes}};
  return kTable;
}

}  // namespace ratecard
`;
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, source);
  console.log(`time zone table: tzdata ${version}, ${names.length} names, ${zones.length} zones, ` +
              `${times.length} transitions, ${bytes} bytes`);
}

main();
