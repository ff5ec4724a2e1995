'use strict';
const { NUMERIC_FIELDS } = require('./event-fields');

// Conditions over a run's facts. Amounts and quantities are compared as exact decimals (never
// as floating point): both sides are scaled to integers of the same number of decimals.

/// -1, 0 or 1: the order of decimal strings `a` and `b`.
function compareDecimals(a, b) {
  const parse = (text) => {
    const negative = String(text).startsWith('-');
    const [whole, fraction = ''] = String(text).replace(/^[-+]/, '').split('.');
    return { negative, whole, fraction };
  };
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.fraction.length, y.fraction.length);
  const scaled = ({ negative, whole, fraction }) => (negative ? -1n : 1n) * BigInt(whole + fraction.padEnd(scale, '0'));
  const left = scaled(x);
  const right = scaled(y);
  return left < right ? -1 : left > right ? 1 : 0;
}

/// The value of `field` in `facts` (metadata.<key> reads the customer's metadata); undefined
/// when the event did not carry it.
function factValue(facts, field) {
  if (field.startsWith('metadata.')) return (facts.metadata || {})[field.slice('metadata.'.length)];
  return facts[field];
}

/// Whether `condition` holds for `facts`. A missing value satisfies only `ne` and `not_in`.
function holds(condition, facts) {
  const { field, op, value } = condition;
  const actual = factValue(facts, field);
  const numeric = NUMERIC_FIELDS.includes(field);
  const same = (expected) => actual !== undefined && actual !== null
    && (numeric ? compareDecimals(actual, expected) === 0 : String(actual) === expected);
  switch (op) {
    case 'eq': return same(value);
    case 'ne': return !same(value);
    case 'in': return value.some(same);
    case 'not_in': return !value.some(same);
    default: {
      if (actual === undefined || actual === null) return false;
      const order = compareDecimals(actual, value);
      return { gt: order > 0, gte: order >= 0, lt: order < 0, lte: order <= 0 }[op];
    }
  }
}

/// Whether every condition holds.
const allHold = (conditions, facts) => conditions.every((condition) => holds(condition, facts));

module.exports = { holds, allHold };
