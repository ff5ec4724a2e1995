#!/usr/bin/env node
// Validates the tax rate dataset and compiles it into a C++ source, so the native core and
// the WebAssembly build (which has no file system) carry the same data. Run by CMake at
// build time; a dataset that breaks a rule fails the build with every problem listed.
//
//   node core/tools/generate-tax-rates.js core/data/tax_rates.json build/.../tax_dataset_data.cpp
//   node core/tools/generate-tax-rates.js core/data/tax_rates.json --check
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { checkSecondarySources } = require('./tax-secondary-sources');

const CATEGORIES = ['standard', 'reduced', 'super_reduced', 'increased', 'digital_services'];
const CATEGORY_ENUM = {
  standard: 'kStandard',
  reduced: 'kReduced',
  super_reduced: 'kSuperReduced',
  increased: 'kIncreased',
  digital_services: 'kDigitalServices',
};
const KINDS = { vat: 'kVat', sales_tax: 'kSalesTax' };
const TOP_LEVEL_KEYS = ['about', 'coverage_from', 'dataset_version', 'eu_vat_area', 'jurisdictions', 'places',
  'regions', 'sources', 'tax_codes', 'territories'];
const TERRITORY_TREATMENTS = { taxed: 'kTaxed', no_vat: 'kNoVat', not_modelled: 'kNotModelled' };
// Path segments that only choose a language or an index page: a URL made of nothing else is a
// site's home page, which cannot show the rate a record claims.
const NON_SPECIFIC_SEGMENT = /^([a-z]{2}([-_][a-z]{2})?|index|home|default|start)(\.[a-z]+)?$/i;
// Hosts of US government sites (federal and state `.gov` names, and the states' own `state.xx.us`
// names): some official pages are published only at an http:// address there.
const US_GOVERNMENT_HOST = /(^|\.)([a-z0-9-]+\.gov|state\.(a[klrz]|c[aot]|d[ce]|fl|ga|hi|i[adln]|k[sy]|la|m[adeinost]|n[cdehjmvy]|o[hkr]|pa|ri|s[cd]|t[nx]|ut|v[at]|w[aivy])\.us)$/i;

const problems = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);

function isDate(text) {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number);
  const daysInMonth = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30,
    31, 31, 30, 31, 30, 31];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth[month - 1];
}

// A canonical decimal percent in (0, 100]: no sign, no leading or trailing zeros.
function isRate(text) {
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/.test(text)) return false;
  const [whole] = text.split('.');
  const value = BigInt(whole);
  return text !== '0' && (value < 100n || text === '100');
}

// True when a URL points below a site's home page: some path segment (or a query) says which
// page, beyond a language choice or an index file.
function isSpecificUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  return url.search.length > 1 || segments.some((segment) => !NON_SPECIFIC_SEGMENT.test(segment));
}

// https everywhere; http only for an official page of a US government host, which is still a
// specific, checkable source when the government serves it only over http.
function isAllowedScheme(text) {
  if (typeof text !== 'string') return false;
  if (text.startsWith('https://')) return true;
  if (!text.startsWith('http://')) return false;
  try {
    return US_GOVERNMENT_HOST.test(new URL(text).hostname);
  } catch {
    return false;
  }
}

const isPrintable = (text) => typeof text === 'string' && text.length > 0 && /^[\x20-\x7e]*$/.test(text);

function checkKeys(where, object, required, optional = []) {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    problem(where, 'expected an object');
    return false;
  }
  for (const key of required) if (!(key in object)) problem(where, `missing "${key}"`);
  for (const key of Object.keys(object)) {
    if (!required.includes(key) && !optional.includes(key)) problem(where, `unknown field "${key}"`);
  }
  return true;
}

function checkSorted(where, keys) {
  for (let i = 1; i < keys.length; ++i) {
    if (!(keys[i - 1] < keys[i])) problem(where, `not sorted or duplicated at "${keys[i]}" (after "${keys[i - 1]}")`);
  }
}

// Periods [valid_from, valid_to) of one series must be chronological and must not overlap.
function checkPeriods(where, periods, coverageFrom) {
  periods.forEach((period, i) => {
    if (!isDate(period.valid_from)) problem(`${where}[${i}]`, `valid_from ${JSON.stringify(period.valid_from)} is not a date`);
    if (period.valid_to !== null && !isDate(period.valid_to)) {
      problem(`${where}[${i}]`, `valid_to ${JSON.stringify(period.valid_to)} is not a date or null`);
    }
    if (period.valid_to !== null && !(period.valid_from < period.valid_to)) {
      problem(`${where}[${i}]`, 'valid_to must be after valid_from');
    }
    if (period.valid_from < coverageFrom) problem(`${where}[${i}]`, `starts before coverage_from ${coverageFrom}`);
    if (i > 0) {
      const previous = periods[i - 1];
      if (previous.valid_to === null || previous.valid_to > period.valid_from) {
        problem(`${where}[${i}]`, `overlaps the period from ${previous.valid_from}`);
      } else if (previous.valid_to < period.valid_from) {
        problem(`${where}[${i}]`, `leaves a gap from ${previous.valid_to} to ${period.valid_from}`);
      }
    }
  });
}

function validate(data) {
  if (!checkKeys('dataset', data, TOP_LEVEL_KEYS)) return;
  if (!isDate(data.dataset_version)) problem('dataset_version', 'must be a date');
  if (!isDate(data.coverage_from)) problem('coverage_from', 'must be a date');
  const coverageFrom = data.coverage_from;

  const sourceIds = new Set();
  (data.sources ?? []).forEach((source, i) => {
    const where = `sources[${i}]`;
    if (!checkKeys(where, source, ['id', 'title', 'url', 'as_of'])) return;
    if (!/^[a-z0-9-]+$/.test(source.id)) problem(where, 'id must be lower-case letters, digits and dashes');
    if (sourceIds.has(source.id)) problem(where, `duplicate id "${source.id}"`);
    sourceIds.add(source.id);
    if (!isPrintable(source.title)) problem(where, 'title must be printable ASCII');
    if (!isAllowedScheme(source.url)) problem(where, 'url must be https (http only on a .gov or state.xx.us host)');
    else if (!isSpecificUrl(source.url)) {
      problem(where, `url ${source.url} is a home page: cite the page (law, official journal, authority page) that shows the rate`);
    }
    if (!isDate(source.as_of)) problem(where, 'as_of must be a date');
    else if (source.as_of < data.dataset_version) {
      problem(where, `as_of ${source.as_of} is before dataset_version ${data.dataset_version}: every record is checked on that date`);
    }
  });
  if (sourceIds.size === 0) problem('sources', 'at least one source is required');
  const citedSources = new Set();
  const checkSource = (where, id) => {
    if (typeof id !== 'string' || id === '') problem(where, 'has no source: every record cites one');
    else if (!sourceIds.has(id)) problem(where, `source ${JSON.stringify(id)} is not in "sources"`);
    citedSources.add(id);
  };

  const regions = data.regions ?? {};
  checkSorted('regions', Object.keys(regions));
  for (const [country, codes] of Object.entries(regions)) {
    if (!/^[A-Z]{2}$/.test(country)) problem(`regions.${country}`, 'keys are ISO 3166-1 alpha-2 codes');
    if (!Array.isArray(codes) || codes.length === 0) problem(`regions.${country}`, 'must be a non-empty array');
    else {
      checkSorted(`regions.${country}`, codes);
      codes.forEach((code) => { if (!/^[A-Z0-9]{1,3}$/.test(code)) problem(`regions.${country}`, `bad code ${code}`); });
    }
  }
  const isKnownPlaceCode = (code) => {
    const match = /^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$/.exec(code ?? '');
    if (!match) return false;
    return match[2] === undefined || (regions[match[1]] ?? []).includes(match[2]);
  };

  const eu = data.eu_vat_area ?? [];
  checkSorted('eu_vat_area', eu.map((m) => `${m.country} ${m.valid_from}`));
  const euByCountry = new Map();
  eu.forEach((membership, i) => {
    const where = `eu_vat_area[${i}]`;
    if (!checkKeys(where, membership, ['country', 'valid_from', 'valid_to', 'source'])) return;
    if (!/^[A-Z]{2}$/.test(membership.country)) problem(where, 'country must be an ISO 3166-1 alpha-2 code');
    checkSource(where, membership.source);
    if (!euByCountry.has(membership.country)) euByCountry.set(membership.country, []);
    euByCountry.get(membership.country).push(membership);
  });
  for (const [country, periods] of euByCountry) checkPeriods(`eu_vat_area ${country}`, periods, coverageFrom);

  const taxCodes = new Set();
  const citedTaxCodes = new Set();
  const taxCodeList = data.tax_codes ?? [];
  checkSorted('tax_codes', taxCodeList.map((entry) => entry.code));
  taxCodeList.forEach((entry, i) => {
    const where = `tax_codes[${i}]`;
    if (!checkKeys(where, entry, ['code', 'description'])) return;
    if (!/^[a-z][a-z0-9_]*$/.test(entry.code)) problem(where, 'code must be lower-case letters, digits and underscores');
    if (!isPrintable(entry.description)) problem(where, 'description must be printable ASCII');
    taxCodes.add(entry.code);
  });

  // A territory outside its country's VAT area may be taxed as a place of its own ("ES-CN").
  const territoryPlaces = new Set((data.territories ?? []).map((t) => t.place).filter((place) => place !== undefined));
  const jurisdictions = data.jurisdictions ?? [];
  checkSorted('jurisdictions', jurisdictions.map((j) => j.code));
  const codes = new Set();
  jurisdictions.forEach((jurisdiction, i) => {
    const where = `jurisdictions[${i}] ${jurisdiction.code ?? ''}`;
    if (!checkKeys(where, jurisdiction, ['code', 'name', 'tax', 'kind', 'rates'],
      ['registration', 'note', 'not_covered', 'product_rates'])) {
      return;
    }
    codes.add(jurisdiction.code);
    const territoryPlace = /^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(jurisdiction.code) && territoryPlaces.has(jurisdiction.code);
    if (!isKnownPlaceCode(jurisdiction.code) && !territoryPlace) {
      problem(where, 'code must be a country, a known country-region or the place of a territory');
    }
    if (!isPrintable(jurisdiction.name)) problem(where, 'name must be printable ASCII');
    if (!isPrintable(jurisdiction.tax)) problem(where, 'tax must be printable ASCII');
    if (!(jurisdiction.kind in KINDS)) problem(where, `kind must be one of ${Object.keys(KINDS).join(', ')}`);
    if (jurisdiction.registration !== undefined && !isKnownPlaceCode(jurisdiction.registration) &&
      jurisdiction.registration !== jurisdiction.code) {
      problem(where, 'registration must be a country or a known country-region');
    }
    if (jurisdiction.note !== undefined && typeof jurisdiction.note !== 'string') problem(where, 'note must be a string');
    const notCovered = jurisdiction.not_covered ?? [];
    notCovered.forEach((entry, k) => {
      if (!checkKeys(`${where} not_covered[${k}]`, entry, ['category', 'reason'])) return;
      if (!CATEGORIES.includes(entry.category)) problem(`${where} not_covered[${k}]`, `unknown category ${entry.category}`);
      if (!isPrintable(entry.reason)) problem(`${where} not_covered[${k}]`, 'reason must be printable ASCII');
    });
    if (!Array.isArray(jurisdiction.rates) || jurisdiction.rates.length === 0) {
      problem(where, 'rates must be a non-empty array');
      return;
    }
    let previousCategory = -1;
    const byCategory = new Map();
    jurisdiction.rates.forEach((rate, k) => {
      const rateWhere = `${where} rates[${k}]`;
      if (!checkKeys(rateWhere, rate, ['category', 'valid_from', 'valid_to', 'source'], ['rate', 'treatment'])) return;
      const category = CATEGORIES.indexOf(rate.category);
      if (category < 0) problem(rateWhere, `category must be one of ${CATEGORIES.join(', ')}`);
      if (category < previousCategory) problem(rateWhere, `categories must follow the order ${CATEGORIES.join(', ')}`);
      previousCategory = Math.max(previousCategory, category);
      if (notCovered.some((entry) => entry.category === rate.category)) {
        problem(rateWhere, `${rate.category} is both not_covered and rated`);
      }
      if (rate.treatment === undefined) {
        if (!isRate(rate.rate)) problem(rateWhere, `rate ${JSON.stringify(rate.rate)} is not a canonical percent in (0, 100]`);
      } else if (rate.treatment !== 'exempt' || rate.rate !== undefined) {
        problem(rateWhere, 'a record has either a "rate" or "treatment": "exempt"');
      }
      checkSource(rateWhere, rate.source);
      if (!byCategory.has(rate.category)) byCategory.set(rate.category, []);
      byCategory.get(rate.category).push(rate);
    });
    for (const [category, periods] of byCategory) checkPeriods(`${where} ${category}`, periods, coverageFrom);
    checkProductRates(where, jurisdiction.product_rates);
    if (!byCategory.has('standard')) problem(where, 'every jurisdiction needs a standard rate');
    else if (byCategory.get('standard')[0].valid_from !== coverageFrom) {
      problem(`${where} standard`, `must start at coverage_from ${coverageFrom}: a gap before it would leave dates unanswered`);
    }
  });

  // A jurisdiction's rates for product tax codes: sorted by code, each code's periods in order,
  // without overlaps or gaps (a code's series may start after coverage_from and end: outside it
  // the line's category applies).
  function checkProductRates(where, productRates) {
    if (productRates === undefined) return;
    if (!Array.isArray(productRates) || productRates.length === 0) {
      problem(where, 'product_rates must be a non-empty array when present');
      return;
    }
    const byCode = new Map();
    productRates.forEach((rate, k) => {
      const rateWhere = `${where} product_rates[${k}]`;
      if (!checkKeys(rateWhere, rate, ['tax_code', 'rate', 'valid_from', 'valid_to', 'source'])) return;
      if (k > 0 && rate.tax_code < productRates[k - 1].tax_code) problem(rateWhere, 'product_rates must be sorted by tax_code');
      if (!taxCodes.has(rate.tax_code)) problem(rateWhere, `tax_code ${JSON.stringify(rate.tax_code)} is not in "tax_codes"`);
      citedTaxCodes.add(rate.tax_code);
      if (!isRate(rate.rate)) problem(rateWhere, `rate ${JSON.stringify(rate.rate)} is not a canonical percent in (0, 100]`);
      checkSource(rateWhere, rate.source);
      if (!byCode.has(rate.tax_code)) byCode.set(rate.tax_code, []);
      byCode.get(rate.tax_code).push(rate);
    });
    for (const [code, periods] of byCode) checkPeriods(`${where} ${code}`, periods, coverageFrom);
  }
  for (const code of taxCodes) if (!citedTaxCodes.has(code)) problem(`tax_codes ${code}`, 'has no product_rates record');

  const places = data.places ?? [];
  const territories = data.territories ?? [];
  checkSorted('territories', territories.map((t) => `${t.country} ${t.postal_code_prefix ?? ''}`));
  territories.forEach((territory, i) => {
    const where = `territories[${i}] ${territory.name ?? ''}`;
    if (!checkKeys(where, territory, ['country', 'postal_code_prefix', 'name', 'treatment', 'source'],
      ['vat_country', 'place', 'eu_vat_area', 'tax'])) {
      return;
    }
    if (!/^[A-Z]{2}$/.test(territory.country)) problem(where, 'country must be an ISO 3166-1 alpha-2 code');
    if (territory.postal_code_prefix !== null && !/^[0-9]{1,5}$/.test(territory.postal_code_prefix)) {
      problem(where, 'postal_code_prefix must be 1-5 digits, or null for the whole country code');
    }
    if (!isPrintable(territory.name)) problem(where, 'name must be printable ASCII');
    checkSource(where, territory.source);
    const taxed = territory.treatment === 'taxed';
    if (!(territory.treatment in TERRITORY_TREATMENTS)) {
      problem(where, `treatment must be one of ${Object.keys(TERRITORY_TREATMENTS).join(', ')}`);
    } else if (taxed) {
      if (!/^[A-Z]{2}$/.test(territory.vat_country ?? '') && !(territory.vat_country === territory.place && codes.has(territory.place))) {
        problem(where, 'a taxed territory names its vat_country (a country, or its own place when it is a tax area of its own)');
      }
      if (!codes.has(territory.place) && !places.some((p) => p.place === territory.place)) {
        problem(where, `place ${JSON.stringify(territory.place)} is not a jurisdiction`);
      }
      if (typeof territory.eu_vat_area !== 'boolean') problem(where, 'a taxed territory says whether it is in the EU VAT area');
    } else if (territory.vat_country !== undefined || territory.place !== undefined || territory.eu_vat_area !== undefined) {
      problem(where, 'only a taxed territory has vat_country, place and eu_vat_area');
    }
    if (territory.treatment === 'not_modelled' ? !isPrintable(territory.tax) : territory.tax !== undefined) {
      problem(where, 'a not_modelled territory names the tax it has instead (and only it)');
    }
  });

  checkSorted('places', places.map((p) => p.place));
  places.forEach((place, i) => {
    const where = `places[${i}] ${place.place ?? ''}`;
    if (!checkKeys(where, place, ['place', 'taxes', 'source'], ['note'])) return;
    checkSource(where, place.source);
    if (!isKnownPlaceCode(place.place) || !place.place.includes('-')) problem(where, 'place must be a known country-region');
    if (codes.has(place.place) && !place.taxes.includes(place.place)) {
      problem(where, 'a place that is also a jurisdiction must list it among its taxes');
    }
    if (!Array.isArray(place.taxes)) {
      problem(where, 'taxes must be an array');
      return;
    }
    if (new Set(place.taxes).size !== place.taxes.length) problem(where, 'taxes are listed twice');
    place.taxes.forEach((code) => { if (!codes.has(code)) problem(where, `${code} is not a jurisdiction`); });
  });

  for (const id of sourceIds) if (!citedSources.has(id)) problem(`sources ${id}`, 'is cited by no record');
  checkSecondarySources(data, problem);
}

const cxxString = (text) => JSON.stringify(text ?? '');

function generate(data, jsonName) {
  const lines = [];
  const out = (line) => lines.push(line);
  const rates = [];
  const productRates = [];
  const notCovered = [];
  const jurisdictionRows = [];
  for (const jurisdiction of data.jurisdictions) {
    const firstRate = rates.length;
    for (const rate of jurisdiction.rates) {
      const treatment = rate.treatment === 'exempt' ? 'kExempt' : 'kTaxed';
      rates.push(`    {TaxCategory::${CATEGORY_ENUM[rate.category]}, RateTreatment::${treatment}, ${cxxString(rate.rate)}, ` +
        `${cxxString(rate.valid_from)}, ${cxxString(rate.valid_to)}, ${cxxString(rate.source)}},`);
    }
    const firstProductRate = productRates.length;
    for (const rate of jurisdiction.product_rates ?? []) {
      productRates.push(`    {${cxxString(rate.tax_code)}, ${cxxString(rate.rate)}, ${cxxString(rate.valid_from)}, ` +
        `${cxxString(rate.valid_to)}, ${cxxString(rate.source)}},`);
    }
    const productRateCount = productRates.length - firstProductRate;
    const firstNotCovered = notCovered.length;
    for (const entry of jurisdiction.not_covered ?? []) {
      notCovered.push(`    {TaxCategory::${CATEGORY_ENUM[entry.category]}, ${cxxString(entry.reason)}},`);
    }
    const notCoveredCount = notCovered.length - firstNotCovered;
    jurisdictionRows.push(`    {${cxxString(jurisdiction.code)}, ${cxxString(jurisdiction.tax)}, TaxKind::${KINDS[jurisdiction.kind]}, ` +
      `${cxxString(jurisdiction.registration ?? jurisdiction.code)}, &kRates[${firstRate}], ${jurisdiction.rates.length}, ` +
      `${notCoveredCount > 0 ? `&kNotCovered[${firstNotCovered}]` : 'nullptr'}, ${notCoveredCount}, ` +
      `${productRateCount > 0 ? `&kProductRates[${firstProductRate}]` : 'nullptr'}, ${productRateCount}},`);
  }
  const placeTaxes = [];
  const placeRows = data.places.map((place) => {
    const first = placeTaxes.length;
    placeTaxes.push(...place.taxes.map(cxxString));
    return `    {${cxxString(place.place)}, ${place.taxes.length > 0 ? `&kPlaceTaxes[${first}]` : 'nullptr'}, ${place.taxes.length}},`;
  });
  const regionRows = [];
  for (const [country, codes] of Object.entries(data.regions)) {
    for (const code of codes) regionRows.push(`{${cxxString(country)}, ${cxxString(code)}}`);
  }
  const sourceIds = data.sources.map((source) => source.id).sort();
  const table = (type, name, rows) => {
    if (rows.length === 0) return;
    out(`constexpr ${type} ${name}[] = {`);
    rows.forEach((row) => out(row));
    out('};');
    out('');
  };
  const pointer = (name, rows) => (rows.length > 0 ? `${name}, std::size(${name})` : 'nullptr, 0');

  out(`// Generated from ${jsonName} by core/tools/generate-tax-rates.js. Do not edit: edit the JSON.`);
  out('#include <iterator>');
  out('');
  out('#include "tax/tax_dataset.hpp"');
  out('');
  out('namespace ratecard {');
  out('namespace {');
  out('');
  table('TaxRateRecord', 'kRates', rates);
  table('ProductRateRecord', 'kProductRates', productRates);
  table('NotCoveredRecord', 'kNotCovered', notCovered);
  table('TaxJurisdictionRecord', 'kJurisdictions', jurisdictionRows);
  table('std::string_view', 'kPlaceTaxes', placeTaxes.map((code) => `    ${code},`));
  table('TaxPlaceRecord', 'kPlaces', placeRows);
  table('VatAreaMembershipRecord', 'kEuVatArea', data.eu_vat_area.map((m) =>
    `    {${cxxString(m.country)}, ${cxxString(m.valid_from)}, ${cxxString(m.valid_to)}},`));
  table('TerritoryRecord', 'kTerritories', data.territories.map((t) =>
    `    {${cxxString(t.country)}, ${cxxString(t.postal_code_prefix)}, ${cxxString(t.name)}, ` +
    `TerritoryTreatment::${TERRITORY_TREATMENTS[t.treatment]}, ${cxxString(t.vat_country)}, ${cxxString(t.place)}, ` +
    `${t.eu_vat_area === true}, ${cxxString(t.tax)}},`));
  table('RegionRecord', 'kRegions', regionRows.map((row) => `    ${row},`));
  table('std::string_view', 'kSourceIds', sourceIds.map((id) => `    ${cxxString(id)},`));
  const taxCodes = data.tax_codes.map((entry) => entry.code);
  table('std::string_view', 'kTaxCodes', taxCodes.map((code) => `    ${cxxString(code)},`));
  out('}  // namespace');
  out('');
  out('const TaxDatasetTables& tax_dataset_tables() noexcept {');
  out('  static constexpr TaxDatasetTables kTables{');
  out(`      ${cxxString(data.dataset_version)}, ${cxxString(data.coverage_from)},`);
  out(`      ${pointer('kJurisdictions', jurisdictionRows)},`);
  out(`      ${pointer('kPlaces', placeRows)},`);
  out(`      ${pointer('kEuVatArea', data.eu_vat_area)},`);
  out(`      ${pointer('kTerritories', data.territories)},`);
  out(`      ${pointer('kRegions', regionRows)},`);
  out(`      ${pointer('kSourceIds', sourceIds)},`);
  out(`      ${pointer('kTaxCodes', taxCodes)}};`);
  out('  return kTables;');
  out('}');
  out('');
  out('}  // namespace ratecard');
  return lines.join('\n') + '\n';
}

function main() {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: generate-tax-rates.js <tax_rates.json> (<output.cpp> | --check)');
    process.exit(2);
  }
  let data;
  try {
    data = JSON.parse(fs.readFileSync(input, 'utf8'));
  } catch (error) {
    console.error(`${input}: ${error.message}`);
    process.exit(1);
  }
  validate(data);
  if (problems.length > 0) {
    console.error(`${input}: the tax rate dataset breaks ${problems.length} rule(s):`);
    problems.forEach((text) => console.error(`  ${text}`));
    process.exit(1);
  }
  if (output === '--check') return;
  const source = generate(data, path.basename(input));
  fs.mkdirSync(path.dirname(output), { recursive: true });
  if (!fs.existsSync(output) || fs.readFileSync(output, 'utf8') !== source) fs.writeFileSync(output, source);
}

main();
