'use strict';
// Seeded random `price` requests for the parity tests: every model, quantities that are odd,
// fractional, huge or sitting on and around tier bounds, currencies with 0, 2, 3 and 4 minor
// units, every rounding mode, and about a third invalid (malformed decimals, negative
// quantities, JSON numbers with fractions, unknown fields, bad tiers, broken JSON, ...).
// Values reach the limits of the number format (docs/core-api.md, "Numbers"): amounts,
// quantities, rates and tier bounds with up to 24 integer and 12 fractional digits, tier bounds
// far apart, so that some products pass the 24 integer digits (OVERFLOW) and most do not.
// The same seed always gives the same requests, as JSON texts.

/** A small, fast, seedable PRNG (mulberry32): a function returning floats in [0, 1). */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CURRENCIES_BY_MINOR_UNITS = {
  0: ['JPY', 'KRW', 'ISK', 'CLP', 'VND'],
  2: ['USD', 'EUR', 'GBP', 'CHF', 'BRL'],
  3: ['BHD', 'KWD', 'JOD', 'TND'],
  4: ['CLF', 'UYW'],
};
const ROUNDING_MODES = ['half_up', 'half_even', 'up', 'down'];
const MODELS = ['flat', 'per_unit', 'package', 'graduated', 'volume', 'stairstep', 'percentage', 'graduated_percentage'];
const TIERED_MODELS = ['graduated', 'volume', 'stairstep', 'graduated_percentage'];

const BAD_DECIMALS = ['', ' 1', '1 ', '1.', '.5', '+1', '1e3', 'NaN', 'Infinity', '007', '1,5', '0x10', '-', '--1',
  '1.0000000000001', '1 000', '\u0661', '12.3.4', '-0.', '1_000'];
const BAD_CURRENCIES = ['usd', 'XAU', 'HRK', 'EURO', 'US', '', 'ZZZ'];
const JSON_FLOATS = ['1.5', '2e3', '1E2', '-0.0', '10.0', '1e400', '0.1', '3.0e-2'];

class RandomPriceRequests {
  constructor(seed) {
    this.random = mulberry32(seed);
  }

  int(min, max) {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  chance(probability) {
    return this.random() < probability;
  }

  pick(items) {
    return items[this.int(0, items.length - 1)];
  }

  digits(count) {
    let text = '';
    for (let i = 0; i < count; i += 1) text += String(this.int(0, 9));
    return text;
  }

  // A decimal string: up to `maxIntegerDigits` integer digits and up to `maxFractionDigits`
  // fraction digits (often more than the currency keeps, so that rounding matters).
  decimal(maxIntegerDigits, maxFractionDigits) {
    const integer = String(BigInt(this.digits(this.int(1, maxIntegerDigits))));
    const fractionDigits = this.chance(0.35) ? 0 : this.int(1, maxFractionDigits);
    return fractionDigits === 0 ? integer : `${integer}.${this.digits(fractionDigits)}`;
  }

  // A decimal string with exactly `integerDigits` integer digits (the first not 0) and
  // `fractionDigits` fraction digits: "123456789012345678901234.000000000001" at 24 and 12.
  decimalOfSize(integerDigits, fractionDigits) {
    const integer = `${this.int(1, 9)}${this.digits(integerDigits - 1)}`;
    return fractionDigits === 0 ? integer : `${integer}.${this.digits(fractionDigits)}`;
  }

  // An amount, usually of a few digits, sometimes at the format's limits: 24 integer digits,
  // 12 fraction digits, or both.
  wideDecimal(usualIntegerDigits, usualFractionDigits) {
    switch (this.int(0, 19)) {
      case 0: return this.decimalOfSize(24, this.pick([0, 12]));
      case 1: return this.decimalOfSize(this.int(1, 3), 12);
      case 2: return this.decimal(18, 12);
      case 3: return `0.${'0'.repeat(11)}${this.int(1, 9)}`;
      default: return this.decimal(usualIntegerDigits, usualFractionDigits);
    }
  }

  // Money is never negative in a price (a negative amount is one of the invalid mutations).
  money() {
    return this.chance(0.05) ? this.pick(['0', '0.5', '0.005', '0.0005', '0.125', '1.005']) : this.wideDecimal(4, 6);
  }

  percent() {
    return this.pick([
      () => this.decimal(2, 4),
      () => this.decimalOfSize(this.int(1, 2), 12),
      () => this.pick(['0', '100', '2.9', '12.5', '0.0001', '0.000000000001', '99.999999999999']),
    ])();
  }

  // A quantity: an integer JSON number (at most 2^53, so JavaScript reads it exactly too) or a
  // decimal string, odd, fractional, large or at the limits of the format.
  quantity() {
    switch (this.int(0, 7)) {
      case 0: return this.int(0, 20);
      case 1: return this.int(0, 100000) * 2 + 1;
      case 2: return this.decimal(3, 4);
      case 3: return String(this.int(0, 1000));
      case 4: return this.chance(0.5) ? this.int(0, 2 ** 40) : this.decimal(12, 6);
      case 5: return this.chance(0.5) ? Number.MAX_SAFE_INTEGER - this.int(0, 1000) : this.decimalOfSize(this.int(13, 24), this.int(0, 12));
      case 6: return this.decimalOfSize(this.int(1, 8), 12);
      default: return this.pick([0, '0', '0.5', '1', '0.000001', '999999.999999', '0.000000000001',
        '999999999999999999999999', '999999999999999999999999.999999999999']);
    }
  }

  // A quantity on or around `bound` (a decimal string): the bound itself, or one or five units
  // of the last digit either side, at a scale of 0, 1 or 6 fraction digits (so 100, 101, 99.5,
  // 100.000001, ...).
  quantityNear(bound) {
    const [integer, fraction = ''] = bound.split('.');
    const scale = Math.max(fraction.length, this.pick([0, 1, 6]));
    const units = BigInt(integer + fraction.padEnd(scale, '0')) + this.pick([0n, 1n, -1n, 5n, -5n]);
    if (units < 0n) return bound;
    const text = units.toString().padStart(scale + 1, '0');
    const near = scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
    return scale === 0 && this.chance(0.5) && units <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(near) : near;
  }

  // Strictly increasing upper bounds as decimal strings: steps of up to 200 or a million, or
  // (for one request in five) of up to 10^20, with up to 12 fraction digits; never more than
  // 24 integer digits in all.
  tierBounds(count) {
    const bounds = [];
    let units = 0n;
    const scale = this.chance(0.7) ? 0 : this.pick([1, 2, 3, 12]);
    const stepDigits = this.chance(0.2) ? this.int(7, 20) : 0;
    for (let i = 0; i < count; i += 1) {
      const step = stepDigits > 0 ? BigInt(this.decimalOfSize(this.int(1, stepDigits), 0)) : BigInt(this.int(1, this.chance(0.2) ? 1000000 : 200));
      const whole = step * 10n ** BigInt(scale);
      units += whole + BigInt(this.digits(scale) || '0');
      const text = units.toString().padStart(scale + 1, '0');
      bounds.push(scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`);
    }
    return bounds;
  }

  tiers(model) {
    const bounds = this.tierBounds(this.int(0, 4));
    const upTo = (index) => {
      if (index === bounds.length) return null;
      const exactNumber = !bounds[index].includes('.') && BigInt(bounds[index]) <= BigInt(Number.MAX_SAFE_INTEGER);
      return this.chance(0.4) && exactNumber ? Number(bounds[index]) : bounds[index];
    };
    const tiers = [];
    for (let i = 0; i <= bounds.length; i += 1) {
      const tier = { up_to: upTo(i) };
      if (model === 'stairstep') {
        tier.flat_amount = this.money();
      } else if (model === 'graduated_percentage') {
        tier.rate = this.percent();
        if (this.chance(0.3)) tier.flat_amount = this.money();
      } else {
        const which = this.int(0, 2);
        if (which !== 1) tier.unit_amount = this.money();
        if (which !== 0) tier.flat_amount = this.money();
      }
      tiers.push(tier);
    }
    return { tiers, bounds };
  }

  percentagePrice() {
    const price = { model: 'percentage', rate: this.percent() };
    if (this.chance(0.6)) price.fixed_amount = this.money();
    if (this.chance(0.3)) price.free_units_per_events = this.int(0, 4);
    if (this.chance(0.3)) price.free_units_per_total_aggregation = this.quantity();
    const min = this.chance(0.3) ? this.decimal(1, 2) : undefined;
    // Ten or more, above every minimum (at most 9.99), so the bounds are always consistent.
    const max = this.chance(0.3) ? `1${this.decimal(2, 2)}` : undefined;
    if (min !== undefined) price.per_transaction_min = min;
    if (max !== undefined) price.per_transaction_max = max;
    return price;
  }

  // A valid request for `model`, with the tier bounds it uses (for quantities near them).
  validRequest(model, currency, rounding) {
    const request = { op: 'price', currency };
    let bounds = [];
    if (model === 'flat') request.price = { model, amount: this.money() };
    else if (model === 'per_unit') request.price = { model, unit_amount: this.money() };
    else if (model === 'package') {
      const size = this.pick([1, 10, 1000, '2.5', this.quantity()]);
      request.price = { model, package_size: /^0(\.0*)?$/.test(String(size)) ? 1 : size, package_amount: this.money() };
      if (this.chance(0.5)) request.price.free_units = this.quantity();
    } else if (model === 'percentage') {
      request.price = this.percentagePrice();
    } else {
      const tiered = this.tiers(model);
      request.price = { model, tiers: tiered.tiers };
      bounds = tiered.bounds;
    }
    if (model === 'percentage') {
      request.events = Array.from({ length: this.int(0, 8) }, () => (this.chance(0.5) ? this.wideDecimal(4, 3) : this.int(0, 5000)));
    } else if (model !== 'flat' || this.chance(0.5)) {
      request.quantity = bounds.length > 0 && this.chance(0.6) ? this.quantityNear(this.pick(bounds)) : this.quantity();
    }
    if (rounding !== undefined) request.rounding = rounding;
    return request;
  }

  // The decimal-string fields of a price, as [object, key] pairs: where a bad value can go.
  static decimalSlots(price) {
    const objects = [price, ...(Array.isArray(price.tiers) ? price.tiers : [])];
    return objects.flatMap((object) => Object.keys(object)
      .filter((key) => key.endsWith('amount') || key === 'rate' || key.startsWith('per_transaction'))
      .map((key) => [object, key]));
  }

  // Breaks a valid request in one of many ways. Returns the request's text.
  invalidText(request) {
    const price = request.price;
    const tiers = price.tiers;
    const slots = RandomPriceRequests.decimalSlots(price);
    const setSomeDecimal = (value) => {
      const [object, key] = slots.length > 0 ? this.pick(slots) : [price, 'amount'];
      object[key] = value;
    };
    const mutations = [
      () => setSomeDecimal(this.pick(BAD_DECIMALS)),
      () => setSomeDecimal(`-${this.decimal(4, 6)}`),
      () => setSomeDecimal(`9${'0'.repeat(this.int(24, 30))}`),
      () => setSomeDecimal(this.int(0, 100)),
      () => { request.quantity = this.pick(BAD_DECIMALS); },
      () => { request.quantity = `1${'0'.repeat(this.int(24, 30))}`; },
      () => { request.quantity = this.chance(0.5) ? -this.int(1, 100) : `-${this.decimal(3, 3)}`; },
      () => { request.quantiy = this.quantity(); },
      () => { price.unit_price = this.money(); },
      () => { delete request[this.pick(['currency', 'price', 'quantity'])]; },
      () => { delete price.model; },
      () => { price.model = this.pick(['tiered', 'Flat', 'per-unit', '', 7]); },
      () => { request.rounding = this.pick(['nearest', 'HALF_UP', 'half-up', 1, true]); },
      () => { request.currency = this.pick(BAD_CURRENCIES); },
      () => { request.currency = 840; },
      () => { request.events = ['1']; },
      () => { request.op = this.pick(['prices', 'PRICE', 'batch']); },
      () => { request.price = this.pick([[], 'per_unit', null, 5]); },
      () => {
        if (!tiers) return;
        const broken = this.int(0, 5);
        if (broken === 0) price.tiers = [];
        else if (broken === 1 && tiers.length > 1) tiers[0].up_to = null;
        else if (broken === 2) tiers[tiers.length - 1].up_to = '1000000000';
        else if (broken === 3 && tiers.length > 2) [tiers[0].up_to, tiers[1].up_to] = [tiers[1].up_to, tiers[0].up_to];
        else if (broken === 4) tiers[0].upto = 5;
        else tiers[0].unit_amount = this.money();
      },
    ];
    this.pick(mutations)();
    const text = JSON.stringify(request);
    switch (this.int(0, 9)) {
      case 0: return text.replace(/"quantity":("[^"]*"|-?\d+)/, `"quantity":${this.pick(JSON_FLOATS)}`);
      case 1: return text.slice(0, this.int(0, text.length - 1));
      case 2: return `${text},`;
      case 3: return text.replace(`"${request.currency}"`, '"US\ud800D"');
      case 4: return text.replace('"op"', '"op" ');
      case 5: return text.replace(/"quantity":\d+/, '"quantity":123456789012345678901234567890');
      default: return text;
    }
  }

  /** One request: {text, valid, model}. About a third are invalid. */
  next() {
    const model = this.pick(MODELS);
    const minorUnits = this.pick([0, 2, 2, 3, 4]);
    const currency = this.pick(CURRENCIES_BY_MINOR_UNITS[minorUnits]);
    const rounding = this.chance(0.2) ? undefined : this.pick(ROUNDING_MODES);
    const request = this.validRequest(model, currency, rounding);
    if (this.chance(0.35)) return { text: this.invalidText(request), valid: false, model };
    return { text: JSON.stringify(request), valid: true, model };
  }
}

/** `count` seeded random price requests: [{text, valid, model}]. */
function randomPriceRequests(seed, count) {
  const generator = new RandomPriceRequests(seed);
  return Array.from({ length: count }, () => generator.next());
}

module.exports = { mulberry32, randomPriceRequests, MODELS, TIERED_MODELS, ROUNDING_MODES, CURRENCIES_BY_MINOR_UNITS };
