'use strict';
// What a document shows, the same for HTML and PDF: built from a finalized invoice's or credit
// note's stored row (frozen customer and seller details, the core's result), with amounts
// formatted at the currency's minor unit in the customer's locale (never rounded: the core's
// amounts already are at the minor unit).
const { parseJson } = require('../db/rows');
const { formatterFor } = require('../mail/templates/format');

const LABELS = {
  en: {
    invoice: 'Invoice', credit_note: 'Credit note', number: 'Number', issued: 'Issued', due: 'Due', period: 'Period',
    bill_to: 'Bill to', from: 'From', description: 'Description', quantity: 'Qty', amount: 'Amount',
    subtotal: 'Subtotal', discounts: 'Discounts', tax: 'Tax', total: 'Total', credits: 'Credits and balance applied',
    amount_due: 'Amount due', credited: 'Credited', refund: 'Refunded', to_balance: 'Added to your balance',
    against: 'Credits invoice', reason: 'Reason', hash: 'Content hash', pay: 'Payment', tax_id: 'Tax ID',
  },
};

const REASON_TEXT = { duplicate: 'Duplicate', fraudulent: 'Fraudulent', order_change: 'Order change', product_unsatisfactory: 'Product unsatisfactory' };

/// The zone dates are shown in: the customer's billing zone when Intl knows it (an IANA name),
/// else UTC (a fixed offset such as "+05:30" is not an Intl zone on every Node version).
function displayZone(zone) {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone }).format(0);
    return zone;
  } catch {
    return 'UTC';
  }
}

function party(details) {
  if (!details) return null;
  const address = details.address || {};
  return {
    name: details.name || details.legal_name || '',
    lines: [address.line1, address.line2, [address.postal_code, address.city].filter(Boolean).join(' '), address.state, address.country].filter(Boolean),
    email: details.email || null,
    taxIds: (details.tax_ids || []).map((taxId) => (typeof taxId === 'string' ? taxId : taxId.value)).filter(Boolean),
    logoSha256: details.logo_sha256 || null,
  };
}

function periodText(f, period) {
  return period ? `${f.date(period.start)} – ${f.date(period.end)}` : '';
}

/// The model of finalized invoice `row` for `customer` (its locale and time zone).
function invoiceModel(row, customer) {
  const result = JSON.parse(row.core_result);
  const f = formatterFor(customer.locale || 'en', displayZone(customer.timezone));
  const money = (amount) => f.money(amount, row.currency);
  const totals = [[LABELS.en.subtotal, money(result.subtotal)]];
  if (result.discount_total && !/^0(\.0+)?$/.test(result.discount_total)) totals.push([LABELS.en.discounts, money(`-${result.discount_total}`)]);
  for (const tax of result.taxes) totals.push([`${LABELS.en.tax} ${tax.jurisdiction} ${tax.name} ${tax.rate} %`, money(tax.tax_amount)]);
  totals.push([LABELS.en.total, money(result.total)]);
  if (!/^0(\.0+)?$/.test(result.credits_applied)) totals.push([LABELS.en.credits, money(`-${result.credits_applied}`)]);
  totals.push([LABELS.en.amount_due, money(result.amount_due)]);
  return {
    kind: 'invoice', title: LABELS.en.invoice, number: row.number, currency: row.currency,
    seller: party(parseJson(row.seller_details)), customer: party(parseJson(row.customer_details)),
    facts: [
      [LABELS.en.number, row.number], [LABELS.en.issued, f.date(row.finalized_at)],
      ...(row.due_at ? [[LABELS.en.due, f.date(row.due_at)]] : []),
      ...(row.period_start && row.period_end ? [[LABELS.en.period, periodText(f, { start: row.period_start, end: row.period_end })]] : []),
    ],
    lines: result.lines.map((line) => ({
      description: line.description || line.kind, period: periodText(f, line.period), quantity: line.quantity ?? '',
      amount: money(line.amount),
      discount: /^0(\.0+)?$/.test(line.discount_amount) ? null : money(`-${line.discount_amount}`),
    })),
    totals,
    note: paymentNote(f, row, parseJson(row.seller_details) || {}),
    contentHash: row.content_hash,
  };
}

// How to pay: a send_invoice invoice by its due date, quoting its number, as the seller's
// payment instructions (frozen on the invoice) say; otherwise it is charged automatically.
function paymentNote(f, row, seller) {
  if (row.collection_method !== 'send_invoice') return `${LABELS.en.pay}: charged to your payment method on file.`;
  const when = row.due_at ? `by ${f.date(row.due_at)}, ` : '';
  const questions = seller.email ? ` (questions: ${seller.email})` : '';
  const instructions = seller.payment_instructions ? ` ${seller.payment_instructions}` : '';
  return `${LABELS.en.pay}: ${when}quoting ${row.number}${questions}.${instructions}`;
}

/// The model of credit note `row` (with its `invoice`, a row) for `customer`.
function creditNoteModel(row, invoice, customer) {
  const result = JSON.parse(row.core_result);
  const f = formatterFor(customer.locale || 'en', displayZone(customer.timezone));
  const money = (amount) => f.money(amount, row.currency);
  const totals = [[LABELS.en.subtotal, money(result.subtotal)]];
  for (const tax of result.taxes) totals.push([`${LABELS.en.tax} ${tax.jurisdiction} ${tax.name} ${tax.rate} %`, money(tax.tax_amount)]);
  totals.push([LABELS.en.total, money(result.total)], [LABELS.en.credited, money(row.amount)]);
  if (!/^0(\.0+)?$/.test(row.refund_amount)) totals.push([LABELS.en.refund, money(row.refund_amount)]);
  if (!/^0(\.0+)?$/.test(row.credit_amount)) totals.push([LABELS.en.to_balance, money(row.credit_amount)]);
  return {
    kind: 'credit_note', title: LABELS.en.credit_note, number: row.number, currency: row.currency,
    seller: party(parseJson(invoice.seller_details)), customer: party(parseJson(invoice.customer_details)),
    facts: [
      [LABELS.en.number, row.number], [LABELS.en.issued, f.date(row.created_at)], [LABELS.en.against, invoice.number],
      [LABELS.en.reason, REASON_TEXT[row.reason]],
    ],
    lines: result.lines.map((line) => ({
      description: line.description || line.kind, period: periodText(f, line.period), quantity: '', amount: money(line.amount), discount: null,
    })),
    totals,
    note: row.memo || '',
    contentHash: row.content_hash,
  };
}

module.exports = { invoiceModel, creditNoteModel, displayZone, LABELS };
