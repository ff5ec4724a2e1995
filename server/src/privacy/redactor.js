'use strict';
// Erasing copies: a customer's personal values (its name, email, address lines, tax ids,
// metadata values, its users' names and emails, addresses it paid from) also sit inside
// stored JSON copies (event data, an order's parameters, a cached response). A redactor
// replaces each occurrence of one of those values in text or in any string of a JSON value,
// whatever the case, and leaves everything else (ids, amounts, keys of objects) as it was.

/// What stands where a personal value was.
const ERASED = '[erased]';
/// Values shorter than this (a country or state code) are not searched for inside copies.
const MIN_LENGTH = 4;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/// A redactor of `values` (strings; null, short and repeated ones are skipped):
/// { text(string), json(value), jsonText(text or null) }. jsonText returns a stored
/// text that holds none of the values unchanged, byte for byte.
function createRedactor(values) {
  const kept = [...new Set(values.filter((value) => typeof value === 'string' && value.length >= MIN_LENGTH))]
    .sort((a, b) => b.length - a.length);
  const pattern = kept.length ? new RegExp(kept.map(escapeRegExp).join('|'), 'gi') : null;
  const text = (value) => (pattern && typeof value === 'string' ? value.replace(pattern, ERASED) : value);
  const json = (value) => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(json);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, json(item)]));
    return value;
  };
  const jsonText = (stored) => {
    if (!pattern || typeof stored !== 'string' || !new RegExp(pattern.source, 'i').test(stored)) return stored;
    try {
      return JSON.stringify(json(JSON.parse(stored)));
    } catch {
      return text(stored);
    }
  };
  return { text, json, jsonText };
}

module.exports = { createRedactor };
