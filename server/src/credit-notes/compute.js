'use strict';
// What a credit note credits, and its core computation. Every amount is the core's: what is
// left to credit on a line is a core sum, a quantity's amount is the core's price of it, a lump
// amount is spread over the lines by the core's coupon allocation, and the tax is reversed by
// the core's `invoice` op at the invoice's tax date, rates and rounding (its `tax` object).
const { ApiError } = require('../http/errors');
const { computeInvoice, sumAmounts, isZeroAmount, negateAmount } = require('../invoicing/core-invoice');
const { subtractQuantities, compareQuantities } = require('./quantities');

const isNegative = (amount) => amount.startsWith('-') && !isZeroAmount(amount);
const isPositive = (amount) => !amount.startsWith('-') && !isZeroAmount(amount);

/// What each invoice line may still be credited: [{ line, creditable, creditedQuantity }] with
/// `creditable` = the line's amount less its discounts less every earlier credit of it (in the
/// line's own terms: tax included when the line's price includes it).
function creditableLines(core, invoice, priorNotes) {
  const { lines } = JSON.parse(invoice.core_result);
  const prior = lines.map(() => ({ amounts: [], quantities: [] }));
  for (const note of priorNotes) {
    for (const credited of JSON.parse(note.credited_lines)) {
      prior[credited.line].amounts.push(credited.amount);
      if (credited.quantity !== null) prior[credited.line].quantities.push(credited.quantity);
    }
  }
  return lines.map((line, index) => ({
    line, index, credited: prior[index].amounts.length ? sumAmounts(core, invoice.currency, prior[index].amounts) : null,
    creditable: sumAmounts(core, invoice.currency, [line.amount, negateAmount(line.discount_amount), ...prior[index].amounts.map(negateAmount)]),
    creditedQuantities: prior[index].quantities,
  }));
}

/// Checks a money amount of the body: exact at the currency's minor unit (the core refuses it
/// otherwise, at `path`) and positive (or at least zero with `allowZero`).
function checkAmount(core, currency, amount, path, { allowZero = false } = {}) {
  const { result } = computeInvoice(core, {
    op: 'invoice', customer: { currency }, period: { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' },
    subscriptions: [], prorations: [{ amount }],
  }, [['/prorations/0/amount', path]]);
  const canonical = result.subtotal;
  if (isNegative(canonical) || (!allowZero && isZeroAmount(canonical))) {
    throw new ApiError('INVALID_ARGUMENT', `must be ${allowZero ? 'zero or more' : 'more than zero'}`, path);
  }
  return canonical;
}

// Refuses `amount` beyond what line `entry` has left to credit.
function checkWithinCreditable(core, currency, entry, amount, path) {
  if (isNegative(sumAmounts(core, currency, [entry.creditable, negateAmount(amount)]))) {
    throw new ApiError('INVALID_ARGUMENT', `exceeds what line ${entry.index} has left to credit (${entry.creditable} ${currency})`, path);
  }
}

/// The credits of a body: [{ entry, amount, quantity }] (one per credited line, amount > 0).
/// Without `lines` or `amount`, everything left on every line (a full credit note).
function creditsOf(core, invoice, entries, body) {
  const { currency } = invoice;
  if (body.lines && body.amount !== undefined) throw new ApiError('INVALID_ARGUMENT', 'give lines or a lump amount, not both', '/amount');
  if (body.lines) return body.lines.map((spec, k) => lineCredit(core, invoice, entries, spec, `/lines/${k}`, body.lines));
  const open = entries.filter((entry) => isPositive(entry.creditable));
  if (body.amount !== undefined) return lumpCredits(core, currency, open, checkAmount(core, currency, body.amount, '/amount'));
  if (!open.length) throw new ApiError('INVALID_STATE', 'the invoice has nothing left to credit');
  return open.map((entry) => ({ entry, amount: entry.creditable, quantity: null }));
}

function lineCredit(core, invoice, entries, spec, path, all) {
  const entry = entries[spec.line];
  if (!entry) throw new ApiError('INVALID_ARGUMENT', `the invoice has no line ${spec.line} (it has ${entries.length})`, `${path}/line`);
  if (all.findIndex((other) => other.line === spec.line) !== all.indexOf(spec)) throw new ApiError('INVALID_ARGUMENT', `line ${spec.line} is credited twice`, `${path}/line`);
  if ((spec.amount === undefined) === (spec.quantity === undefined)) throw new ApiError('INVALID_ARGUMENT', 'give exactly one of amount and quantity', path);
  if (spec.amount !== undefined) {
    const amount = checkAmount(core, invoice.currency, spec.amount, `${path}/amount`);
    checkWithinCreditable(core, invoice.currency, entry, amount, `${path}/amount`);
    return { entry, amount, quantity: null };
  }
  return quantityCredit(core, invoice, entry, String(spec.quantity), `${path}/quantity`);
}

// A quantity credited on a priced line: what the line's price charges for the quantity not yet
// credited, less what it charges for that quantity less `quantity` (price(Q) − price(Q − q):
// for a per-unit price q × unit amount; for tiers, the top of the quantity comes off).
function quantityCredit(core, invoice, entry, quantity, path) {
  const { line } = entry;
  const price = linePrice(JSON.parse(invoice.core_request), line);
  if (!price || line.quantity === null) throw new ApiError('INVALID_ARGUMENT', `line ${entry.index} has no quantity to credit; credit an amount`, path);
  if (!isZeroAmount(line.discount_amount)) throw new ApiError('INVALID_ARGUMENT', `line ${entry.index} was discounted; credit an amount`, path);
  const left = subtractQuantities(line.quantity, ...entry.creditedQuantities);
  if (compareQuantities(quantity, '0') <= 0) throw new ApiError('INVALID_ARGUMENT', 'must be more than zero', path);
  if (compareQuantities(quantity, left) > 0) throw new ApiError('INVALID_ARGUMENT', `exceeds the quantity line ${entry.index} has left to credit (${left})`, path);
  const priceOf = (q) => core.run({ op: 'price', currency: invoice.currency, price, quantity: q }).amount;
  const amount = sumAmounts(core, invoice.currency, [priceOf(left), negateAmount(priceOf(subtractQuantities(left, quantity)))]);
  checkWithinCreditable(core, invoice.currency, entry, amount, path);
  return { entry, amount, quantity };
}

// The price of a fixed or usage line's item in the invoice's request (null for other lines and
// percentage prices, which have no quantity to take back).
function linePrice(request, line) {
  if (!['fixed', 'usage'].includes(line.kind)) return null;
  const subscription = request.subscriptions.find((entry) => entry.id === line.subscription_id);
  const item = subscription && subscription.items.find((entry) => entry.id === line.item_id);
  if (!item || item.price.model === 'percentage' || item.price.model === 'graduated_percentage') return null;
  return item.price;
}

// A lump amount spread over the lines in proportion to what each has left, by the core: an
// invoice of those amounts with the lump as an amount-off coupon; each line's discount is its
// share (largest remainder, so the shares add up to the lump exactly).
function lumpCredits(core, currency, open, amount) {
  if (!open.length) throw new ApiError('INVALID_STATE', 'the invoice has nothing left to credit');
  const { result } = computeInvoice(core, {
    op: 'invoice', customer: { currency }, period: { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' },
    subscriptions: [], prorations: open.map((entry) => ({ amount: entry.creditable })),
    coupons: [{ id: 'lump', amount_off: amount, currency }],
  });
  if (result.coupons[0].amount !== amount) {
    throw new ApiError('INVALID_ARGUMENT', `exceeds what the invoice has left to credit (${result.subtotal} ${currency})`, '/amount');
  }
  return open.map((entry, k) => ({ entry, amount: result.lines[k].discount_amount, quantity: null }))
    .filter((credit) => isPositive(credit.amount));
}

/// The core request of a credit note: one credit line per credited invoice line, taxed as the
/// line was (its category and behaviour) with the invoice's `tax` (same tax date, seller,
/// customer, rounding). A line credited before is restated: a charge of what was credited
/// before and a credit of that plus this credit, so that with per-line tax rounding each credit
/// note's tax is tax(all credited so far) − tax(credited before) and credit notes crediting a
/// whole line reverse exactly the tax the invoice charged on it, never a minor unit more.
function creditNoteRequest(core, invoice, credits) {
  const request = JSON.parse(invoice.core_request);
  const credit = {
    op: 'invoice', customer: request.customer, subscriptions: [], rounding: request.rounding || 'half_up',
    prorations: credits.flatMap(({ entry, amount }) => creditLines(core, invoice.currency, request, entry, amount)),
  };
  if (request.period) credit.period = request.period;
  if (request.arrears_period) credit.arrears_period = request.arrears_period;
  if (request.tax) credit.tax = request.tax;
  return credit;
}

function creditLines(core, currency, request, entry, amount) {
  const { line } = entry;
  const fields = { description: `Credit: ${line.description || line.kind}`, ...taxFields(request, line) };
  if (line.item_id) fields.item = line.item_id;
  if (!entry.credited) return [{ ...fields, amount: negateAmount(amount) }];
  return [
    { ...fields, description: `Credited before: ${line.description || line.kind}`, amount: entry.credited },
    { ...fields, amount: negateAmount(sumAmounts(core, currency, [entry.credited, amount])) },
  ];
}

// How the invoice line was taxed (its `tax`, with tax), else its item's fields.
function taxFields(request, line) {
  if (line.tax) return { tax_category: line.tax.tax_category, tax_behavior: line.tax.tax_behavior };
  return {};
}

module.exports = { creditableLines, creditsOf, creditNoteRequest, checkAmount, isPositive };
