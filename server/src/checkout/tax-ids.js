'use strict';

const EU = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);
const BY_COUNTRY = { GB: 'gb_vat', AU: 'au_abn', CA: 'ca_bn', IN: 'in_gst', NZ: 'nz_gst', CH: 'ch_vat', NO: 'no_vat', US: 'us_ein' };

/// The customer record's tax id type for a number entered at checkout in `country`.
function taxIdType(country) {
  if (EU.has(country)) return 'eu_vat';
  return BY_COUNTRY[country] ?? `${country.toLowerCase()}_tin`;
}

module.exports = { taxIdType };
