// US state records that may still cite a secondary compilation (a source whose title says
// "secondary"), because no official page of the state was found for them yet. Every other US
// state record cites the state's own page: the law, or the revenue department's page for that
// rate or treatment. docs/core-api.md (dataset section) lists the same states.
//
// Keys are place codes; values name the records: a rate category of the jurisdiction, or
// "place" for an entry of "places" (the states without a state sales tax).
'use strict';

const SECONDARY_SOURCE_ALLOWED = {
  'US-AR': ['standard', 'digital_services'],
  'US-AZ': ['standard'],
  'US-CO': ['digital_services'],
  'US-CT': ['digital_services'],
  'US-FL': ['standard', 'digital_services'],
  'US-GA': ['standard', 'digital_services'],
  'US-ID': ['digital_services'],
  'US-IL': ['digital_services'],
  'US-ME': ['standard', 'digital_services'],
  'US-MI': ['digital_services'],
  'US-MO': ['standard', 'digital_services'],
  'US-MT': ['place'],
  'US-NC': ['digital_services'],
  'US-ND': ['digital_services'],
  'US-NH': ['place'],
  'US-NJ': ['digital_services'],
  'US-NV': ['digital_services'],
  'US-OK': ['standard', 'digital_services'],
  'US-UT': ['standard'],
  'US-VA': ['standard'],
  'US-WI': ['digital_services'],
  'US-WY': ['standard', 'digital_services'],
};

// Reports, through problem(where, message), each US state record citing a secondary source
// outside the allow-list, and each allow-list entry whose records no longer cite one (so the
// list stays exactly the states left to replace).
function checkSecondarySources(data, problem, allowed = SECONDARY_SOURCE_ALLOWED) {
  const secondary = new Set((data.sources ?? [])
    .filter((source) => typeof source.title === 'string' && /secondary/i.test(source.title))
    .map((source) => source.id));
  const citing = new Set();
  const visit = (code, record, source) => {
    if (!secondary.has(source)) return;
    citing.add(`${code} ${record}`);
    if (!(allowed[code] ?? []).includes(record)) {
      problem(`${code} ${record}`, `cites the secondary source "${source}": cite the state's own page, ` +
        'or list the record in core/tools/tax-secondary-sources.js and docs/core-api.md');
    }
  };
  for (const jurisdiction of data.jurisdictions ?? []) {
    if (!/^US-/.test(jurisdiction.code ?? '')) continue;
    for (const rate of jurisdiction.rates ?? []) visit(jurisdiction.code, rate.category, rate.source);
  }
  for (const place of data.places ?? []) {
    if (/^US-/.test(place.place ?? '')) visit(place.place, 'place', place.source);
  }
  for (const [code, records] of Object.entries(allowed)) {
    for (const record of records) {
      if (!citing.has(`${code} ${record}`)) {
        problem(`secondary-source allow-list ${code} ${record}`, 'cites no secondary source: remove it from the list');
      }
    }
  }
}

module.exports = { SECONDARY_SOURCE_ALLOWED, checkSecondarySources };
