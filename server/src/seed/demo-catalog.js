'use strict';
// The demo catalog `npm start` seeds. Plain data: the seeder creates it with the same functions
// the API's handlers call, so the core validates every price exactly as it would a client's.

const { DEMO_HISTORY } = require('./demo-history-data');

const month = { type: 'recurring', interval: 'month' };
const year = { type: 'recurring', interval: 'year' };

/// Billable metrics the usage and hybrid plans charge for.
const DEMO_METRICS = [
  { code: 'api_calls', name: 'API calls', description: 'One event per API request', aggregation: 'count' },
  {
    code: 'storage_gb_hours', name: 'Storage (GB-hours)', aggregation: 'weighted_sum', property: 'delta_gb', time_unit: 'hour',
    description: 'Each event changes the stored gigabytes by delta_gb; billed on GB-hours',
  },
  { code: 'compute_minutes', name: 'Compute minutes', description: 'Minutes of compute per job', aggregation: 'sum', property: 'minutes' },
];

/// Plans, each with the product and prices it is made of.
const DEMO_PLANS = [
  {
    code: 'starter-monthly', name: 'Starter (monthly)', interval: 'month', trial_days: 0,
    product: { name: 'Starter', description: 'A flat monthly plan for small teams' },
    prices: [{ ...month, nickname: 'Starter monthly fee', pricing: { model: 'flat', amount: '29.00' } }],
    features: [{ code: 'projects', name: 'Projects', value: 3 }, { code: 'support.email', name: 'Email support', value: true }],
  },
  {
    code: 'team-monthly', name: 'Team (monthly, per seat)', interval: 'month', trial_days: 14,
    product: { name: 'Team', description: 'Seat-based, monthly or annual' },
    prices: [{ ...month, nickname: 'Team seat, monthly', pricing: { model: 'per_unit', unit_amount: '12.00' } }],
    features: [{ code: 'projects', name: 'Projects', value: null }, { code: 'sso', name: 'Single sign-on', value: false }],
    portal: { quantity: { adjustable: true, minimum: '1', maximum: '200' } }, // customers choose their seats
  },
  {
    code: 'team-annual', name: 'Team (annual, per seat)', interval: 'year', trial_days: 14, sameProductAs: 'team-monthly',
    prices: [{ ...year, nickname: 'Team seat, annual', pricing: { model: 'per_unit', unit_amount: '120.00' } }],
    features: [{ code: 'projects', name: 'Projects', value: null }, { code: 'sso', name: 'Single sign-on', value: false }],
    portal: { quantity: { adjustable: true, minimum: '1', maximum: '200' } },
  },
  {
    code: 'api-usage', name: 'API (pay as you go)', interval: 'month', trial_days: 0,
    product: { name: 'API', description: 'Usage-based: graduated price per API call' },
    prices: [{
      type: 'usage', interval: 'month', metric: 'api_calls', nickname: 'API calls',
      pricing: {
        model: 'graduated',
        tiers: [
          { up_to: '10000', unit_amount: '0' },
          { up_to: '100000', unit_amount: '0.002' },
          { up_to: '1000000', unit_amount: '0.0015' },
          { up_to: null, unit_amount: '0.001' },
        ],
      },
    }],
    features: [{ code: 'api.rate_limit_per_minute', name: 'Requests per minute', value: 600 }],
  },
  {
    code: 'scale-monthly', name: 'Scale (platform fee + usage, $500 minimum)', interval: 'month', trial_days: 0,
    minimum_amount: '500.00',
    product: { name: 'Scale', description: 'Hybrid: a platform fee plus usage, with a monthly minimum' },
    prices: [
      { ...month, nickname: 'Scale platform fee', pricing: { model: 'flat', amount: '199.00' } },
      {
        type: 'usage', interval: 'month', metric: 'storage_gb_hours', nickname: 'Storage (GB-hours)',
        pricing: { model: 'package', package_size: '100', package_amount: '0.50', free_units: '1000' },
      },
      {
        type: 'usage', interval: 'month', metric: 'compute_minutes', nickname: 'Compute minutes',
        pricing: { model: 'volume', tiers: [{ up_to: '10000', unit_amount: '0.03' }, { up_to: null, unit_amount: '0.02' }] },
      },
    ],
    features: [{ code: 'projects', name: 'Projects', value: null }, { code: 'sso', name: 'Single sign-on', value: true }],
  },
];

const DEMO_ADD_ONS = [
  { code: 'priority-support', name: 'Priority support', price: { ...month, pricing: { model: 'flat', amount: '49.00' } } },
  { code: 'extra-storage', name: 'Extra storage (per 100 GB)', price: { ...month, pricing: { model: 'per_unit', unit_amount: '5.00' } } },
  { code: 'onboarding', name: 'Guided onboarding', price: { type: 'one_time', pricing: { model: 'flat', amount: '500.00' } } },
];

const DEMO_COUPONS = [
  { code: 'welcome20', name: '20% off the first 3 months', percent_off: '20', duration: 'repeating', duration_in_periods: 3 },
  { code: 'launch50', name: '$50 off the first invoice', amount_off: '50.00', currency: 'USD', duration: 'once' },
  { code: 'nonprofit15', name: '15% off for nonprofits', percent_off: '15', duration: 'forever' },
];

const PLACES = [
  { timezone: 'America/New_York', address: { line1: '1 Main St', city: 'New York', state: 'NY', postal_code: '10001', country: 'US' } },
  { timezone: 'America/Los_Angeles', address: { line1: '500 Market St', city: 'San Francisco', state: 'CA', postal_code: '94105', country: 'US' } },
  { timezone: 'Europe/Berlin', address: { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'DE' }, tax_id: { type: 'eu_vat', value: 'DE123456789' } },
  { timezone: 'Europe/London', address: { line1: '10 Downing St', city: 'London', postal_code: 'SW1A 2AA', country: 'GB' }, tax_id: { type: 'gb_vat', value: 'GB123456789' } },
  { timezone: 'Asia/Kolkata', address: { line1: 'MG Road 12', city: 'Bengaluru', state: 'KA', postal_code: '560001', country: 'IN' } },
  { timezone: 'Australia/Sydney', address: { line1: '1 George St', city: 'Sydney', state: 'NSW', postal_code: '2000', country: 'AU' }, tax_id: { type: 'au_abn', value: '12345678901' } },
];

const COMPANY_NAMES = [
  'Acme Analytics', 'Bluebird Logistics', 'Cedar Health', 'Delta Robotics', 'Evergreen Foods',
  'Fjord Software', 'Granite Legal', 'Harbor Media', 'Indigo Labs', 'Juniper Energy',
  'Kestrel Travel', 'Lumen Education', 'Maple Finance', 'Nimbus Cloud', 'Orbit Games',
  'Pioneer Farms', 'Quartz Security', 'Redwood Retail', 'Summit Sports', 'Tidal Marine',
];

/// The 20 demo customers, identified by external_id demo-001 ... demo-020.
const DEMO_CUSTOMERS = COMPANY_NAMES.map((name, index) => {
  const place = PLACES[index % PLACES.length];
  const number = String(index + 1).padStart(3, '0');
  return {
    external_id: `demo-${number}`,
    name,
    email: `billing@${name.toLowerCase().replace(/[^a-z]+/g, '-')}.example`,
    currency: 'USD',
    timezone: place.timezone,
    address: place.address,
    tax_ids: place.tax_id ? [place.tax_id] : [],
    metadata: { demo: 'true' },
  };
});

/// A subscription for each demo customer, round robin over the plans: seats, add-ons and a
/// coupon here and there.
const SUBSCRIPTION_PATTERNS = [
  { plan: 'starter-monthly' },
  { plan: 'team-monthly', quantity: '5', add_ons: [{ add_on: 'priority-support' }] },
  { plan: 'team-annual', quantity: '12', coupon: 'welcome20' },
  { plan: 'api-usage' },
  { plan: 'scale-monthly', add_ons: [{ add_on: 'extra-storage', quantity: '3' }], coupon: 'nonprofit15' },
];
const DEMO_SUBSCRIPTIONS = DEMO_CUSTOMERS.map((customer, index) => ({
  customer: customer.external_id, ...SUBSCRIPTION_PATTERNS[index % SUBSCRIPTION_PATTERNS.length],
}));

/// Usage each subscription of a plan reports from its start (a few events, so live usage and
/// upcoming invoices show something): per plan code, [{ metric, count, properties }].
const DEMO_USAGE = {
  'api-usage': [{ metric: 'api_calls', count: 40 }],
  'scale-monthly': [
    { metric: 'storage_gb_hours', count: 1, properties: { delta_gb: '250' } },
    { metric: 'compute_minutes', count: 3, properties: { minutes: '95.5' } },
  ],
};

/// The demo customer whose portal the start page opens (on the Team plan, seats adjustable); its
/// account is activated in the example app (demo-activation.js), so its portal shows the team
/// and access keys panels.
const DEMO_PORTAL_CUSTOMER = 'demo-002';

/// The people of the demo portal customer's account (Bluebird Logistics): the owner, then a
/// member; no seats (the demo plans have no seat entitlement).
const DEMO_ACCOUNT_USERS = [
  { email: 'ada@bluebird-logistics.example', name: 'Ada Lindqvist', seat: false },
  { email: 'sam@bluebird-logistics.example', name: 'Sam Okafor', role: 'member', seat: false },
];

/// Everything `npm start` seeds, in the shape seedDemoData reads.
const DEMO_DATA = {
  metrics: DEMO_METRICS, plans: DEMO_PLANS, addOns: DEMO_ADD_ONS, coupons: DEMO_COUPONS, history: DEMO_HISTORY,
  customers: DEMO_CUSTOMERS, subscriptions: DEMO_SUBSCRIPTIONS, usage: DEMO_USAGE,
};

module.exports = { DEMO_DATA, DEMO_PORTAL_CUSTOMER, DEMO_ACCOUNT_USERS };
