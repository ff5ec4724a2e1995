'use strict';
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const { ApiError, fromValidationError } = require('../http/errors');
const { TEMPLATES } = require('./templates');
const { layOut } = require('./templates/layout');
const { formatterFor } = require('./templates/format');

// Template data is checked as sent (no coercion, unknown fields refused), like request bodies.
const ajv = new Ajv({ coerceTypes: false, useDefaults: false, removeAdditional: false, allErrors: false, strict: false });
addFormats(ajv);
const validators = new Map();

/// The template `name`, or INVALID_ARGUMENT at `path`.
function findTemplate(name, path = '/template') {
  const template = TEMPLATES[name];
  if (!template) throw new ApiError('INVALID_ARGUMENT', `no email template "${name}" (templates: ${Object.keys(TEMPLATES).join(', ')})`, path);
  return template;
}

/// The language a template is written in for `locale`: the locale itself ("de-CH"), else its
/// language ("de"), else English.
function templateLanguage(template, locale) {
  const candidates = [];
  if (locale) {
    const canonical = canonicalLocale(locale);
    if (canonical) candidates.push(canonical, canonical.split('-')[0]);
  }
  return candidates.find((candidate) => template.render[candidate]) || 'en';
}

/// Renders template `name` with `data` for `locale` (null: English): checks the data against
/// the template's schema (INVALID_ARGUMENT at /data/...), picks the language and formats
/// amounts and dates in the locale (or the language, when the template falls back to another).
/// Returns { language, subject, text, html }.
function renderTemplate(name, data, locale) {
  const template = findTemplate(name);
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.compile(template.data);
    validators.set(name, validate);
  }
  if (!validate(data)) {
    const error = fromValidationError({ validation: validate.errors }, 'body');
    throw new ApiError(error.code, error.message, `/data${error.path}`);
  }
  if (data.time_zone && !validTimeZone(data.time_zone)) {
    throw new ApiError('UNKNOWN_TIME_ZONE', `"${data.time_zone}" is not an IANA time zone`, '/data/time_zone');
  }
  const language = templateLanguage(template, locale);
  const canonical = locale && canonicalLocale(locale);
  const formatLocale = canonical && canonical.split('-')[0] === language ? canonical : language;
  const format = formatterFor(formatLocale, data.time_zone || 'UTC');
  const content = template.render[language](data, format);
  return { language, ...layOut(content, { language, recipientName: data.customer_name, sellerName: data.seller_name }) };
}

function canonicalLocale(locale) {
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return null;
  }
}

function validTimeZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone }); // eslint-disable-line no-new
    return true;
  } catch {
    return false;
  }
}

module.exports = { renderTemplate };
