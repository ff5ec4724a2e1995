// Countries offered at checkout (ISO 3166-1 alpha-2, as the core's tax op reads them).
export const COUNTRIES: [string, string][] = [
  ['AU', 'Australia'], ['AT', 'Austria'], ['BE', 'Belgium'], ['BR', 'Brazil'], ['CA', 'Canada'], ['CH', 'Switzerland'],
  ['CZ', 'Czechia'], ['DE', 'Germany'], ['DK', 'Denmark'], ['ES', 'Spain'], ['FI', 'Finland'], ['FR', 'France'],
  ['GB', 'United Kingdom'], ['GR', 'Greece'], ['IE', 'Ireland'], ['IN', 'India'], ['IT', 'Italy'], ['JP', 'Japan'],
  ['MX', 'Mexico'], ['NL', 'Netherlands'], ['NO', 'Norway'], ['NZ', 'New Zealand'], ['PL', 'Poland'], ['PT', 'Portugal'],
  ['SE', 'Sweden'], ['SG', 'Singapore'], ['US', 'United States'],
];

/// Where the core needs a region (a province or state) to tax.
export const REGION_REQUIRED = new Set(['CA', 'US']);
