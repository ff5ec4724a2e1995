// The build-time validation of core/data/tax_rates.json: the real dataset passes, and each
// kind of mistake the generator guards against fails the build with a message naming it.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..', '..');
const generator = path.join(root, 'core', 'tools', 'generate-tax-rates.js');
const dataset = JSON.parse(fs.readFileSync(path.join(root, 'core', 'data', 'tax_rates.json'), 'utf8'));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-tax-rates-'));

// Runs the generator on a (possibly broken) copy of the dataset.
function generate(data, output = '--check') {
  const file = path.join(scratch, `dataset-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(data));
  return spawnSync(process.execPath, [generator, file, output], { encoding: 'utf8' });
}

function broken(change) {
  const copy = structuredClone(dataset);
  change(copy);
  return generate(copy);
}

const jurisdiction = (data, code) => data.jurisdictions.find((j) => j.code === code);

test('the repository dataset is valid and compiles to C++', () => {
  const output = path.join(scratch, 'tax_dataset_data.cpp');
  const result = generate(dataset, output);
  assert.equal(result.status, 0, result.stderr);
  const source = fs.readFileSync(output, 'utf8');
  assert.match(source, /const TaxDatasetTables& tax_dataset_tables\(\) noexcept/);
  assert.match(source, /\{"DE", "VAT", TaxKind::kVat, "DE",/);
  assert.match(source, /"9\.975", "2020-01-01", "", "ca-qc-qst"/);
});

test('overlapping periods fail the build', () => {
  const result = broken((data) => { jurisdiction(data, 'DE').rates[1].valid_to = '2021-02-01'; });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /DE standard\[2\]: overlaps the period from 2020-07-01/);
});

test('an open period followed by another fails the build', () => {
  const result = broken((data) => { jurisdiction(data, 'EE').rates[1].valid_to = null; });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /EE standard\[2\]: overlaps/);
});

test('unsorted jurisdictions fail the build', () => {
  const result = broken((data) => { data.jurisdictions.reverse(); });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /jurisdictions: not sorted or duplicated/);
});

test('a record citing an unknown source fails the build', () => {
  const result = broken((data) => { jurisdiction(data, 'FR').rates[0].source = 'a-blog-post'; });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /FR rates\[0\]: source "a-blog-post" is not in "sources"/);
});

test('a source without its date fails the build', () => {
  const result = broken((data) => { delete data.sources[0].as_of; });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /sources\[0\]: missing "as_of"/);
});

test('a rate that is not a canonical percent fails the build', () => {
  for (const rate of ['19.0', '101', '-5', '0', '19%', 19]) {
    const result = broken((data) => { jurisdiction(data, 'DE').rates[0].rate = rate; });
    assert.equal(result.status, 1, `rate ${JSON.stringify(rate)}`);
    assert.match(result.stderr, /is not a canonical percent/);
  }
});

test('valid_to before valid_from fails the build', () => {
  const result = broken((data) => { jurisdiction(data, 'SG').rates[1].valid_to = '2022-12-31'; });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /valid_to must be after valid_from/);
});

test('a place listing an unknown tax fails the build', () => {
  const result = broken((data) => { data.places[0].taxes = ['CA-XX']; });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /CA-XX is not a jurisdiction/);
});

test('unknown fields and categories fail the build', () => {
  const result = broken((data) => {
    jurisdiction(data, 'AT').rates[0].valid_until = null;
    jurisdiction(data, 'AT').rates[1].category = 'food';
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /unknown field "valid_until"/);
  assert.match(result.stderr, /category must be one of/);
});

test('a record without a source fails the build', () => {
  const result = broken((data) => {
    jurisdiction(data, 'FR').rates[0].source = '';
    delete data.territories[0].source;
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /FR rates\[0\]: has no source: every record cites one/);
  assert.match(result.stderr, /territories\[0\] Aland Islands: missing "source"/);
});

test('a place without a source fails the build', () => {
  const result = broken((data) => { delete data.places.find((p) => p.place === 'US-OR').source; });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /US-OR: missing "source"/);
});

test('a source that is a home page fails the build', () => {
  for (const url of ['https://www.bundesfinanzministerium.de', 'https://www.vmi.lt/', 'https://www.emta.ee/en',
    'https://www.skatteetaten.no/en/index.html', 'https://www.regeringen.se/', 'https://www.impots.gouv.fr/fr/home',
    'https://www.boe.es/index.php?']) {
    const result = broken((data) => { data.sources[0].url = url; });
    assert.equal(result.status, 1, url);
    assert.match(result.stderr, /sources\[0\]: url .* is a home page/, url);
  }
  for (const url of ['https://www.ird.govt.nz/gst', 'https://www.revenue.ie/en/vat/vat-rates/index.aspx',
    'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:12020W/TXT']) {
    const result = broken((data) => { data.sources[0].url = url; });
    assert.equal(result.status, 0, `${url}: ${result.stderr}`);
  }
});

test('a source at an http address passes only on a US government host', () => {
  for (const url of ['http://www.tax.ohio.gov/legal/SalesTaxRateIncrease.aspx',
    'http://webserver.rilin.state.ri.us/Statutes/TITLE44/44-18/44-18-19.HTM', 'http://www.state.nj.us/treasury/page']) {
    const result = broken((data) => { data.sources[0].url = url; });
    assert.equal(result.status, 0, `${url}: ${result.stderr}`);
  }
  for (const url of ['http://www.dornc.com/taxes/sales/salesanduse.html', 'http://kansascommerce.com/1123/Sales-and-Use-Tax',
    'http://www.state.zz.us/tax/rates', 'http://ci.boston.ma.us/tax/rates', 'http://example.gov.attacker.com/rates',
    'http://www.revenue.ie/en/vat/vat-rates/index.aspx', 'ftp://ftp.tax.ohio.gov/rates.txt']) {
    const result = broken((data) => { data.sources[0].url = url; });
    assert.equal(result.status, 1, url);
    assert.match(result.stderr, /sources\[0\]: url must be https \(http only on a \.gov or state\.xx\.us host\)/, url);
  }
});

test('a source checked before dataset_version fails the build', () => {
  const result = broken((data) => { data.sources[2].as_of = '2025-01-01'; });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /sources\[2\]: as_of 2025-01-01 is before dataset_version/);
});

test('a source no record cites fails the build', () => {
  const result = broken((data) => { data.sources.push({ ...data.sources[0], id: 'unused-page' }); });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /sources unused-page: is cited by no record/);
});

test('a US state record citing a secondary compilation outside the allow-list fails the build', () => {
  const result = broken((data) => {
    jurisdiction(data, 'US-TX').rates[0].source = 'us-state-rates';
    data.sources.find((s) => s.id === 'us-pa-rate').title += ', a secondary compilation';
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /US-TX standard: cites the secondary source "us-state-rates": cite the state's own page/);
  assert.match(result.stderr, /US-PA standard: cites the secondary source "us-pa-rate"/);
});

test('an allow-listed US record that no longer cites a secondary source fails the build', () => {
  const { SECONDARY_SOURCE_ALLOWED } = require('../../core/tools/tax-secondary-sources');
  const listed = Object.entries(SECONDARY_SOURCE_ALLOWED);
  const [state] = listed.find(([, records]) => records.includes('standard'));
  const [place] = listed.find(([, records]) => records.includes('place')) ?? [];
  const result = broken((data) => {
    jurisdiction(data, state).rates.find((rate) => rate.category === 'standard').source = 'us-tx-rate';
    if (place) data.places.find((p) => p.place === place).source = 'us-tx-rate';
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, new RegExp(`secondary-source allow-list ${state} standard: cites no secondary source: remove it`));
  if (place) assert.match(result.stderr, new RegExp(`secondary-source allow-list ${place} place: cites no secondary source`));
});

test('docs/core-api.md lists exactly the allow-listed US records still citing a secondary source', () => {
  const { SECONDARY_SOURCE_ALLOWED } = require('../../core/tools/tax-secondary-sources');
  const docs = fs.readFileSync(path.join(root, 'docs', 'core-api.md'), 'utf8');
  const listed = (from, to) => {
    const start = docs.indexOf(from);
    assert.ok(start >= 0, from);
    return new Set(docs.slice(start + from.length, docs.indexOf(to, start)).match(/\b[A-Z]{2}\b/g));
  };
  const rates = listed('still cited from a secondary compilation, the state rate', '- still cited');
  const saas = listed('still cited from a secondary compilation, the SaaS treatment', '\n\n');
  const allowed = (records) => new Set(Object.entries(SECONDARY_SOURCE_ALLOWED)
    .filter(([, kinds]) => kinds.some((kind) => records.includes(kind)))
    .map(([code]) => code.slice(3)));
  assert.deepEqual([...rates].sort(), [...allowed(['standard', 'place'])].sort());
  assert.deepEqual([...saas].sort(), [...allowed(['digital_services'])].sort());
});

test('a gap between two periods fails the build', () => {
  const result = broken((data) => { jurisdiction(data, 'EE').rates[1].valid_to = '2025-06-01'; });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /EE standard\[2\]: leaves a gap from 2025-06-01 to 2025-07-01/);
});

test('a standard rate that starts after coverage_from fails the build', () => {
  const result = broken((data) => { jurisdiction(data, 'NZ').rates[0].valid_from = '2020-02-01'; });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /NZ standard: must start at coverage_from 2020-01-01/);
});

test('a territory taxed as an unknown place or without its details fails the build', () => {
  const result = broken((data) => {
    const monaco = data.territories.find((t) => t.country === 'MC');
    monaco.place = 'XX';
    const ceuta = data.territories.find((t) => t.name === 'Ceuta');
    delete ceuta.tax;
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Monaco: place "XX" is not a jurisdiction/);
  assert.match(result.stderr, /Ceuta: a not_modelled territory names the tax/);
});

test('a territory taxed as a place of its own needs that place as a jurisdiction', () => {
  const result = broken((data) => {
    data.jurisdictions = data.jurisdictions.filter((j) => j.code !== 'ES-CN');
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Canary Islands \(Las Palmas\): a taxed territory names its vat_country/);
  assert.match(result.stderr, /Canary Islands \(Las Palmas\): place "ES-CN" is not a jurisdiction/);
  assert.match(result.stderr, /sources es-cn-igic: is cited by no record/);
});

test('a jurisdiction code that is neither a country, a known region nor a territory\'s place fails the build', () => {
  const result = broken((data) => {
    const canaries = structuredClone(jurisdiction(data, 'ES-CN'));
    canaries.code = 'ES-ML';
    data.jurisdictions.splice(data.jurisdictions.indexOf(jurisdiction(data, 'ES-CN')) + 1, 0, canaries);
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /ES-ML: code must be a country, a known country-region or the place of a territory/);
});

test('product rates that overlap or leave a gap fail the build', () => {
  const overlap = broken((data) => { jurisdiction(data, 'IN').product_rates[0].valid_to = '2026-03-01'; });
  assert.equal(overlap.status, 1);
  assert.match(overlap.stderr, /IN pan_masala\[1\]: overlaps the period from 2020-01-01/);
  const gap = broken((data) => { jurisdiction(data, 'IN').product_rates[2].valid_to = '2026-01-01'; });
  assert.equal(gap.status, 1);
  assert.match(gap.stderr, /IN tobacco\[1\]: leaves a gap from 2026-01-01 to 2026-02-01/);
  const open = broken((data) => { jurisdiction(data, 'IN').product_rates[2].valid_to = null; });
  assert.equal(open.status, 1);
  assert.match(open.stderr, /IN tobacco\[1\]: overlaps/);
});

test('product rates out of order, of an unknown code, or without a source fail the build', () => {
  const result = broken((data) => {
    const india = jurisdiction(data, 'IN');
    india.product_rates.reverse();
    jurisdiction(data, 'SE').product_rates[0].tax_code = 'food';
    jurisdiction(data, 'SE').product_rates[0].source = '';
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /IN product_rates\[2\]: product_rates must be sorted by tax_code/);
  assert.match(result.stderr, /SE product_rates\[0\]: tax_code "food" is not in "tax_codes"/);
  assert.match(result.stderr, /SE product_rates\[0\]: has no source: every record cites one/);
  assert.match(result.stderr, /tax_codes groceries: has no product_rates record/);
});

test('a product rate without its source field or with a bad rate fails the build', () => {
  const result = broken((data) => {
    delete jurisdiction(data, 'SE').product_rates[0].source;
    jurisdiction(data, 'IN').product_rates[0].rate = '28.0';
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /SE product_rates\[0\]: missing "source"/);
  assert.match(result.stderr, /IN product_rates\[0\]: rate "28\.0" is not a canonical percent/);
});

test('unsorted or malformed tax codes fail the build', () => {
  const result = broken((data) => {
    data.tax_codes.reverse();
    data.tax_codes[0].code = 'Tobacco';
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /tax_codes: not sorted or duplicated/);
  assert.match(result.stderr, /tax_codes\[0\]: code must be lower-case letters, digits and underscores/);
});

test.after(() => fs.rmSync(scratch, { recursive: true, force: true }));
