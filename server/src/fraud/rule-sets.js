'use strict';
// Fraud rule sets (docs/server.md, "Fraud rules"): data, edited through the API, every edit a
// new version. Each rule names its type, its parameters and the score it adds when it fires;
// the score decides the outcome against the thresholds, and a rule may force `review` or
// `block`. Never set: no rules, every payment allowed.
const { toInstant } = require('../time');
const { ApiError, invalidArgument, notFound } = require('../http/errors');
const { money, currency } = require('../http/schemas');
const { COUNTRY_SOURCES } = require('./evaluate');

const RULE_TYPES = ['velocity', 'amount_over', 'first_payment_over', 'declines_in_row', 'many_cards', 'country_mismatch'];
const VELOCITY_KEYS = ['card', 'customer', 'email', 'ip'];
const OUTCOMES = ['allow', 'review', 'block'];
const minutes = { type: 'integer', minimum: 1, maximum: 525600 };

const ruleSchema = {
  type: 'object', additionalProperties: false, required: ['name', 'type', 'score'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
    type: { enum: RULE_TYPES },
    score: { type: 'integer', minimum: 0, maximum: 1000 },
    action: { enum: ['review', 'block'], description: 'The least outcome when the rule fires, whatever the score' },
    key: { enum: VELOCITY_KEYS, description: 'velocity: what is counted (card fingerprint, customer, email, IP address)' },
    max: { type: 'integer', minimum: 1, maximum: 100000, description: 'velocity: fires above this many evaluations in the window, this one included; many_cards: fires above this many cards' },
    window_minutes: { ...minutes, description: 'velocity, many_cards: the window' },
    amount: { ...money, description: 'amount_over, first_payment_over: fires above this amount' },
    currency: { ...currency, description: 'amount_over, first_payment_over: the amount\'s currency (other currencies never fire)' },
    count: { type: 'integer', minimum: 1, maximum: 100, description: 'declines_in_row: fires when the customer\'s last this many payments all failed' },
    compare: {
      type: 'array', minItems: 2, maxItems: 2, uniqueItems: true, items: { enum: Object.keys(COUNTRY_SOURCES) },
      description: 'country_mismatch: the two countries compared, of the card (its issuer, from the vault), the billing address and the IP address (ip_countries); default ["ip", "billing"]. Fires when both are known and differ',
    },
  },
};

const ipCountrySchema = {
  type: 'object', additionalProperties: false, required: ['cidr', 'country'],
  properties: { cidr: { type: 'string', pattern: '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$' }, country: { type: 'string', pattern: '^[A-Z]{2}$' } },
};

const ruleSetBodySchema = {
  type: 'object', additionalProperties: false, required: ['rules'],
  properties: {
    rules: { type: 'array', maxItems: 100, items: ruleSchema },
    review_threshold: { type: 'integer', minimum: 1, maximum: 100000, description: 'A score at least this is held for review (default 50)' },
    block_threshold: { type: 'integer', minimum: 1, maximum: 100000, description: 'A score at least this is blocked (default 100)' },
    review_timeout_hours: { type: 'integer', minimum: 1, maximum: 720, description: 'A review not decided by then is decided by review_timeout_action (default 24)' },
    review_timeout_action: { enum: ['approve', 'reject'], description: 'default reject' },
    ip_countries: { type: 'array', maxItems: 10000, items: ipCountrySchema, description: 'IPv4 ranges and their countries, for country_mismatch rules comparing the IP address (the first range that holds the address)' },
  },
};

const ruleSetSchema = {
  type: 'object', title: 'FraudRuleSet',
  properties: {
    object: { const: 'fraud_rule_set' },
    version: { type: ['integer', 'null'], description: 'null: never set (no rules)' },
    rules: { type: 'array', items: ruleSchema },
    review_threshold: { type: 'integer' }, block_threshold: { type: 'integer' },
    review_timeout_hours: { type: 'integer' }, review_timeout_action: { enum: ['approve', 'reject'] },
    ip_countries: { type: 'array', items: ipCountrySchema },
    created_at: { type: ['string', 'null'] },
  },
};

const DEFAULTS = { review_threshold: 50, block_threshold: 100, review_timeout_hours: 24, review_timeout_action: 'reject', ip_countries: [] };

function presentRuleSet(row) {
  if (!row) return { object: 'fraud_rule_set', version: null, rules: [], ...DEFAULTS, created_at: null };
  return {
    object: 'fraud_rule_set', version: row.version, rules: JSON.parse(row.rules), review_threshold: row.review_threshold,
    block_threshold: row.block_threshold, review_timeout_hours: row.review_timeout_hours,
    review_timeout_action: row.review_timeout_action, ip_countries: JSON.parse(row.ip_countries), created_at: row.created_at,
  };
}

/// The rule set in force (the highest version), as the API shows it.
async function currentRuleSet(executor) {
  return presentRuleSet(await executor.selectFrom('fraud_rule_sets').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst());
}

async function ruleSetVersion(executor, version) {
  const row = await executor.selectFrom('fraud_rule_sets').selectAll().where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound('fraud rule set version', version);
  return presentRuleSet(row);
}

/// `body` checked beyond its schema and completed with the defaults (not saved): each rule has
/// the parameters of its type, names are unique, amounts are non-negative, the review
/// threshold is below the block threshold.
function checkRuleSet(core, body) {
  const set = { ...DEFAULTS, ...body };
  const needs = {
    velocity: ['key', 'max', 'window_minutes'], amount_over: ['amount', 'currency'], first_payment_over: ['amount', 'currency'],
    declines_in_row: ['count'], many_cards: ['max', 'window_minutes'], country_mismatch: [],
  };
  const optional = { country_mismatch: ['compare'] };
  const names = new Set();
  const rules = set.rules.map((rule, index) => {
    const path = `/rules/${index}`;
    if (names.has(rule.name)) throw invalidArgument(`another rule is named ${rule.name}`, `${path}/name`);
    names.add(rule.name);
    for (const field of needs[rule.type]) {
      if (rule[field] === undefined) throw new ApiError('MISSING_FIELD', `is required by a ${rule.type} rule`, `${path}/${field}`);
    }
    const allowed = ['name', 'type', 'score', 'action', ...needs[rule.type], ...(optional[rule.type] || [])];
    const extra = Object.keys(rule).find((field) => !allowed.includes(field));
    if (extra) throw invalidArgument(`is not a parameter of a ${rule.type} rule`, `${path}/${extra}`);
    if (rule.amount === undefined) return rule;
    if (rule.amount.startsWith('-')) throw invalidArgument('must not be negative', `${path}/amount`);
    const { amount } = core.run({ op: 'price', currency: rule.currency, price: { model: 'flat', amount: rule.amount }, quantity: '1' },
      [['/currency', `${path}/currency`], ['/price/amount', `${path}/amount`]]);
    return { ...rule, amount };
  });
  if (set.review_threshold >= set.block_threshold) throw invalidArgument('must be below block_threshold', '/review_threshold');
  return { ...set, rules };
}

/// Saves `body` as the next version.
async function saveRuleSet(trx, { core, clock }, body) {
  const set = checkRuleSet(core, body);
  const last = await trx.selectFrom('fraud_rule_sets').select('version').orderBy('version', 'desc').limit(1).executeTakeFirst();
  const row = {
    version: last ? last.version + 1 : 1, rules: JSON.stringify(set.rules), review_threshold: set.review_threshold,
    block_threshold: set.block_threshold, review_timeout_hours: set.review_timeout_hours,
    review_timeout_action: set.review_timeout_action, ip_countries: JSON.stringify(set.ip_countries), created_at: toInstant(clock.now()),
  };
  await trx.insertInto('fraud_rule_sets').values(row).execute();
  return presentRuleSet(row);
}

module.exports = { ruleSetBodySchema, ruleSetSchema, currentRuleSet, ruleSetVersion, checkRuleSet, saveRuleSet, OUTCOMES };
