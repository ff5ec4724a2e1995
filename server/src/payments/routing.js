'use strict';
// Orchestration rules: data, edited through the API, every edit a new version. The first rule
// whose conditions all hold routes the payment to its gateways, in order (the first is tried
// first, the others are fail-over targets); no rule: the default gateways. A payment keeps
// the route and the version it was given.
const { toInstant } = require('../time');
const { invalidArgument, notFound } = require('../http/errors');
const { money, currency } = require('../http/schemas');
const { gatewayNames } = require('./settings');
const { compareAmounts } = require('./money');

const METHODS = ['card'];
const BRANDS = ['visa', 'mastercard', 'amex', 'discover'];
const gatewayList = { type: 'array', minItems: 1, maxItems: 10, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 64 } };

const ruleSchema = {
  type: 'object', additionalProperties: false, required: ['gateways'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    when: {
      type: 'object', additionalProperties: false,
      properties: {
        currencies: { type: 'array', minItems: 1, maxItems: 50, items: currency },
        brands: { type: 'array', minItems: 1, items: { type: 'string', enum: BRANDS } },
        countries: { type: 'array', minItems: 1, maxItems: 250, items: { type: 'string', pattern: '^[A-Z]{2}$' } },
        methods: { type: 'array', minItems: 1, items: { type: 'string', enum: METHODS } },
        min_amount: money,
        max_amount: money,
      },
    },
    gateways: gatewayList,
  },
};

const routingBodySchema = {
  type: 'object', additionalProperties: false, required: ['rules', 'default_gateways'],
  properties: { rules: { type: 'array', maxItems: 100, items: ruleSchema }, default_gateways: gatewayList },
};

const routingSchema = {
  type: 'object', title: 'PaymentRouting',
  properties: {
    object: { type: 'string', enum: ['payment_routing'] },
    version: { type: ['integer', 'null'], description: 'null: no rules were ever set; every configured gateway in order' },
    rules: { type: 'array', items: ruleSchema },
    default_gateways: { type: 'array', items: { type: 'string' } },
    created_at: { type: ['string', 'null'] },
  },
};

function presentRouting(row, config) {
  if (!row) return { object: 'payment_routing', version: null, rules: [], default_gateways: gatewayNames(config), created_at: null };
  return {
    object: 'payment_routing', version: row.version, rules: JSON.parse(row.rules),
    default_gateways: JSON.parse(row.default_gateways), created_at: row.created_at,
  };
}

/// The rules in force (the highest version), as the API shows them.
async function currentRouting(db, config) {
  const row = await db.selectFrom('payment_routing_versions').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  return presentRouting(row, config);
}

async function routingVersion(db, config, version) {
  const row = await db.selectFrom('payment_routing_versions').selectAll().where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound('payment routing version', version);
  return presentRouting(row, config);
}

/// Saves `body` as the next version. Every gateway named must be configured; amounts must be
/// decimal strings with min_amount at most max_amount.
async function saveRouting(trx, { config, clock }, body) {
  const known = gatewayNames(config);
  const check = (list, path) => list.forEach((name, index) => {
    if (!known.includes(name)) throw invalidArgument(`names no configured gateway (configured: ${known.join(', ') || 'none'})`, `${path}/${index}`);
  });
  check(body.default_gateways, '/default_gateways');
  body.rules.forEach((rule, index) => {
    check(rule.gateways, `/rules/${index}/gateways`);
    const { min_amount: min, max_amount: max } = rule.when || {};
    if ([min, max].some((amount) => amount !== undefined && amount.startsWith('-'))) throw invalidArgument('must not be negative', `/rules/${index}/when`);
  });
  const last = await trx.selectFrom('payment_routing_versions').select('version').orderBy('version', 'desc').limit(1).executeTakeFirst();
  const row = {
    version: last ? last.version + 1 : 1, rules: JSON.stringify(body.rules), default_gateways: JSON.stringify(body.default_gateways),
    created_at: toInstant(clock.now()),
  };
  await trx.insertInto('payment_routing_versions').values(row).execute();
  return presentRouting(row, config);
}

/// The gateways, in order, for a payment { amount, currency, brand, country, method } under
/// `routing` (currentRouting), and the rule that chose them (null: the defaults).
function chooseRoute(core, routing, payment) {
  const normalized = (amount) => core.run({ op: 'price', currency: payment.currency, price: { model: 'flat', amount }, quantity: '1' }).amount;
  const holds = (when = {}) => (!when.currencies || when.currencies.includes(payment.currency))
    && (!when.brands || when.brands.includes(payment.brand))
    && (!when.countries || (payment.country && when.countries.includes(payment.country)))
    && (!when.methods || when.methods.includes(payment.method))
    && (when.min_amount === undefined || compareAmounts(payment.amount, normalized(when.min_amount)) >= 0)
    && (when.max_amount === undefined || compareAmounts(payment.amount, normalized(when.max_amount)) <= 0);
  const rule = routing.rules.find((candidate) => holds(candidate.when));
  return { gateways: rule ? rule.gateways : routing.default_gateways, rule: rule ? rule.name || null : null };
}

module.exports = { routingBodySchema, routingSchema, currentRouting, routingVersion, saveRouting, chooseRoute };
