'use strict';
// The `price` op written by hand in plain JavaScript with decimal.js: what a Node team would
// write instead of calling the core. It is the baseline the benchmark compares the core with,
// so it does the same work the same way: JSON text in, the same canonical JSON text out (keys
// sorted, decimals canonical, money at the currency's minor unit), exact line amounts, the
// total rounded once, lines allocated by largest remainder so they sum to the total. It does no
// validation beyond what decimal.js does: it is meant for valid requests only.
// benchmarks/run.js and tests/js/bench-reference.test.js check that it answers byte for byte
// as the core does before its time means anything.

const DecimalJs = require('decimal.js');

// Products of 12-fractional-digit values of up to 24 integer digits have at most 72 digits:
// with this precision every sum, product and division by 100 here is exact.
const Decimal = DecimalJs.clone({ precision: 100 });

// ISO 4217 minor units: 2 except for these (docs/core-api.md, "Currencies").
const MINOR_UNIT_EXCEPTIONS = {
  0: ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'],
  3: ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'],
  4: ['CLF', 'UYW'],
};
const MINOR_UNITS = new Map(
  Object.entries(MINOR_UNIT_EXCEPTIONS).flatMap(([digits, codes]) => codes.map((code) => [code, Number(digits)])),
);
const minorUnitsOf = (currency) => MINOR_UNITS.get(currency) ?? 2;

const ROUNDING = {
  half_up: Decimal.ROUND_HALF_UP, // halves away from zero, as the core's half_up
  half_even: Decimal.ROUND_HALF_EVEN,
  up: Decimal.ROUND_UP, // away from zero
  down: Decimal.ROUND_DOWN, // toward zero
};

const ZERO = new Decimal(0);
const ONE = new Decimal(1);
const HUNDRED = new Decimal(100);

const dec = (value) => (value === undefined || value === null ? ZERO : new Decimal(value));
// Canonical text: shortest exact form, never "-0"; money: exactly `digits` decimals, never "-0.00".
const canonical = (value) => (value.isZero() ? '0' : value.toFixed());
const money = (value, digits) => (value.isZero() ? ZERO : value).toFixed(digits);

// One tier's line: its part of the quantity, its flat amount and its per-unit or percentage charge.
function tierLine(model, tier, index, units) {
  const flat = dec(tier.flat_amount);
  const line = {
    kind: 'tier',
    tier_index: index,
    up_to: tier.up_to === null || tier.up_to === undefined ? null : canonical(dec(tier.up_to)),
    quantity: canonical(units),
    flat_amount: canonical(flat),
  };
  let amount = flat;
  if (model === 'graduated_percentage') {
    line.rate = canonical(dec(tier.rate));
    amount = amount.plus(units.times(dec(tier.rate)).div(HUNDRED));
  } else if (model !== 'stairstep') {
    line.unit_amount = canonical(dec(tier.unit_amount));
    amount = amount.plus(units.times(dec(tier.unit_amount)));
  }
  return { fields: line, amount };
}

// Each tier charges the part of the quantity in (previous up_to, up_to]; the first tier always
// applies, a later one once the quantity passes the previous bound.
function graduatedLines(model, tiers, quantity) {
  const lines = [];
  let previous = ZERO;
  for (let i = 0; i < tiers.length; i += 1) {
    if (i > 0 && quantity.lte(previous)) break;
    const bound = tiers[i].up_to === null || tiers[i].up_to === undefined ? null : dec(tiers[i].up_to);
    const upper = bound !== null && bound.lt(quantity) ? bound : quantity;
    lines.push(tierLine(model, tiers[i], i, upper.minus(previous)));
    if (bound === null) break;
    previous = bound;
  }
  return lines;
}

// The whole quantity at the one tier that holds it.
function wholeQuantityLines(model, tiers, quantity) {
  let index = 0;
  while (index + 1 < tiers.length && quantity.gt(dec(tiers[index].up_to))) index += 1;
  return [tierLine(model, tiers[index], index, quantity)];
}

function packageLines(price, quantity) {
  const free = dec(price.free_units);
  const size = dec(price.package_size);
  const billable = quantity.gt(free) ? quantity.minus(free) : ZERO;
  const packages = billable.div(size).ceil(); // a started package counts as a whole one
  const fields = {
    kind: 'package',
    quantity: canonical(quantity),
    free_units: canonical(free),
    billable_quantity: canonical(billable),
    package_size: canonical(size),
    packages: canonical(packages),
    package_amount: canonical(dec(price.package_amount)),
  };
  return [{ fields, amount: packages.times(dec(price.package_amount)) }];
}

// Events in order: free units first, then rate % of the rest plus the fixed fee, held between
// the per-transaction minimum and maximum. Returns the lines and the result's extra fields.
function percentageCharge(price, events) {
  const rate = dec(price.rate).div(HUNDRED);
  const fixed = dec(price.fixed_amount);
  const min = price.per_transaction_min == null ? null : dec(price.per_transaction_min);
  const max = price.per_transaction_max == null ? null : dec(price.per_transaction_max);
  let freeEvents = price.free_units_per_events == null ? null : price.free_units_per_events;
  let freeAmount = price.free_units_per_total_aggregation == null ? null : dec(price.free_units_per_total_aggregation);
  const hasAllowance = freeEvents !== null || freeAmount !== null;
  let total = ZERO;
  let base = ZERO;
  let charged = 0;
  let fullyFree = 0;
  let adjustment = ZERO;
  for (const text of events) {
    const event = dec(text);
    total = total.plus(event);
    let covered = null;
    if (hasAllowance && freeEvents !== 0 && (freeAmount === null || freeAmount.gt(0))) {
      if (freeEvents !== null) freeEvents -= 1;
      covered = freeAmount === null ? event : Decimal.min(event, freeAmount);
      if (freeAmount !== null) freeAmount = freeAmount.minus(covered);
    }
    const part = covered === null ? event : event.minus(covered);
    if (covered !== null && part.isZero()) {
      fullyFree += 1;
      continue;
    }
    charged += 1;
    base = base.plus(part);
    const fee = part.times(rate).plus(fixed);
    if (min !== null && fee.lt(min)) adjustment = adjustment.plus(min.minus(fee));
    else if (max !== null && fee.gt(max)) adjustment = adjustment.plus(max.minus(fee));
  }
  const lines = [
    { fields: { kind: 'percentage', rate: canonical(dec(price.rate)), base_amount: canonical(base) }, amount: base.times(rate) },
    { fields: { kind: 'fixed_fee', events: charged, fixed_amount: canonical(fixed) }, amount: fixed.times(charged) },
    {
      fields: {
        kind: 'transaction_limits',
        per_transaction_min: min === null ? null : canonical(min),
        per_transaction_max: max === null ? null : canonical(max),
      },
      amount: adjustment,
    },
  ];
  return { lines, summary: { events: events.length, free_events: fullyFree, quantity: canonical(total) } };
}

// The exact lines of the request's price and the result fields its model adds.
function exactCharge(request) {
  const { price } = request;
  if (price.model === 'percentage') return percentageCharge(price, request.events);
  const given = request.quantity !== undefined && request.quantity !== null;
  const quantity = dec(request.quantity);
  const summary = given ? { quantity: canonical(quantity) } : {};
  switch (price.model) {
    case 'flat':
      return { lines: [{ fields: { kind: 'flat' }, amount: dec(price.amount) }], summary };
    case 'per_unit': {
      const unit = dec(price.unit_amount);
      const fields = { kind: 'unit', quantity: canonical(quantity), unit_amount: canonical(unit) };
      return { lines: [{ fields, amount: quantity.times(unit) }], summary };
    }
    case 'package':
      return { lines: packageLines(price, quantity), summary };
    case 'graduated':
    case 'graduated_percentage':
      return { lines: graduatedLines(price.model, price.tiers, quantity), summary };
    case 'volume':
    case 'stairstep':
      return { lines: wholeQuantityLines(price.model, price.tiers, quantity), summary };
    default:
      throw new Error(`the reference does not know the price model ${price.model}`);
  }
}

// Rounds the sum once, floors every line at the minor unit and hands the missing minor units
// to the largest remainders (ties to the earlier line), so the lines sum to the total.
function allocate(amounts, digits, rounding) {
  const total = amounts.reduce((sum, amount) => sum.plus(amount), ZERO).toDecimalPlaces(digits, rounding);
  const unit = ONE.div(new Decimal(10).pow(digits));
  const parts = amounts.map((amount) => amount.toDecimalPlaces(digits, Decimal.ROUND_FLOOR));
  let shortfall = total.minus(parts.reduce((sum, part) => sum.plus(part), ZERO)).div(unit);
  const order = amounts.map((amount, index) => ({ index, remainder: amount.minus(parts[index]) }));
  order.sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index, remainder } of order) {
    if (shortfall.lte(0) || remainder.isZero()) break;
    parts[index] = parts[index].plus(unit);
    shortfall = shortfall.minus(1);
  }
  return { total, parts };
}

/** Prices a valid `price` request object: the result object the core would return. */
function priceWithDecimalJs(request) {
  if (Array.isArray(request.quantities)) {
    // A prepared price: one result per quantity, each the answer to a request with that quantity.
    const { quantities, ...single } = request;
    return { results: quantities.map((quantity) => priceOneQuantity({ ...single, quantity })) };
  }
  return priceOneQuantity(request);
}

function priceOneQuantity(request) {
  const digits = minorUnitsOf(request.currency);
  const rounding = request.rounding || 'half_up';
  const { lines, summary } = exactCharge(request);
  const { total, parts } = allocate(
    lines.map((line) => line.amount),
    digits,
    ROUNDING[rounding],
  );
  return {
    ...summary,
    amount: money(total, digits),
    currency: request.currency,
    lines: lines.map((line, index) => ({ ...line.fields, amount: money(parts[index], digits) })),
    model: request.price.model,
    rounding,
  };
}

// JSON with every object's keys sorted, as the core writes it.
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The reference's evaluateJson for valid `price` requests: request text in, response text out. */
function evaluatePriceJson(text) {
  return canonicalJson({ ok: true, result: priceWithDecimalJs(JSON.parse(text)) });
}

module.exports = { priceWithDecimalJs, evaluatePriceJson };
