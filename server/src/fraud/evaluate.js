'use strict';
// The rules engine: what a rule set decides for a charge or a tokenization, from the facts the
// database held at a moment (so a dry run re-decides a past payment as of its own time).
// Decisions are timed by their customer's clock (a test clock's frozen time, or the wall
// clock), and the rules counting earlier decisions count only those on the same clock.
const { addMilliseconds } = require('../time');
const { compareAmounts } = require('../payments/money');

const VELOCITY_COLUMNS = { card: 'fingerprint', customer: 'customer_id', email: 'email', ip: 'ip_address' };
const SUBJECT_FIELDS = { card: 'fingerprint', customer: 'customerId', email: 'email', ip: 'ip' };
const MINUTE_MS = 60 * 1000;

/// The country of IPv4 address `ip` in `table` ([{ cidr, country }]; the first range holding
/// it), or null.
function ipCountry(table, ip) {
  const value = ipv4(ip);
  if (value === null) return null;
  for (const { cidr, country } of table) {
    const [base, bits] = cidr.split('/');
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    const start = ipv4(base);
    if (start !== null && ((value & mask) >>> 0) === ((start & mask) >>> 0)) return country;
  }
  return null;
}

function ipv4(text) {
  const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(String(text || '').replace(/^::ffff:/, ''));
  if (!parts || parts.slice(1).some((part) => Number(part) > 255)) return null;
  return parts.slice(1).reduce((sum, part) => sum * 256 + Number(part), 0);
}

/// Each rule of `ruleSet` (as the API shows it) on `subject` { customerId, testClockId,
/// fingerprint, email, ip, billingCountry, cardCountry, amount?, currency? } as of `asOf` (the
/// decisions up to then by the customer's clock). Re-deciding a past decision (a dry run):
/// `excludeId` is that decision, which counts only decisions before it, and `paymentsBefore`
/// its payment's creation (payments are timed by the wall clock). Returns { score, outcome,
/// fired: [{ name, type, score, reason }] }.
async function evaluate(executor, ruleSet, subject, { asOf, excludeId = null, paymentsBefore = null }) {
  const fired = [];
  for (const rule of ruleSet.rules) {
    const reason = await ruleFires(executor, ruleSet, rule, subject, { asOf, excludeId, paymentsBefore });
    if (reason) fired.push({ name: rule.name, type: rule.type, score: rule.score, reason });
  }
  const score = fired.reduce((sum, rule) => sum + rule.score, 0);
  const forced = (action) => ruleSet.rules.some((rule) => rule.action === action && fired.some((hit) => hit.name === rule.name));
  let outcome = 'allow';
  if (score >= ruleSet.block_threshold || forced('block')) outcome = 'block';
  else if (score >= ruleSet.review_threshold || forced('review')) outcome = 'review';
  return { score, outcome, fired };
}

// Why the rule fires (a sentence), or null.
async function ruleFires(executor, ruleSet, rule, subject, { asOf, excludeId, paymentsBefore }) {
  const since = (windowMinutes) => addMilliseconds(asOf, -windowMinutes * MINUTE_MS);
  // A frozen test clock times many decisions alike: among those, ids (increasing) tell the order.
  const priorDecisions = () => executor.selectFrom('fraud_decisions')
    .where((eb) => (excludeId
      ? eb.or([eb('created_at', '<', asOf), eb.and([eb('created_at', '=', asOf), eb('id', '<', excludeId)])])
      : eb('created_at', '<=', asOf)))
    .where('test_clock_id', subject.testClockId ? '=' : 'is', subject.testClockId || null);
  const priorPayments = () => {
    const query = executor.selectFrom('payments').where('customer_id', '=', subject.customerId);
    return paymentsBefore ? query.where('created_at', '<', paymentsBefore) : query;
  };
  switch (rule.type) {
    case 'velocity': {
      const value = subject[SUBJECT_FIELDS[rule.key]];
      if (!value) return null;
      const { count } = await priorDecisions().select((eb) => eb.fn.countAll().as('count'))
        .where(VELOCITY_COLUMNS[rule.key], '=', value).where('created_at', '>', since(rule.window_minutes)).executeTakeFirst();
      const seen = Number(count) + 1;
      return seen > rule.max ? `${seen} evaluations of this ${rule.key} in ${rule.window_minutes} minutes (at most ${rule.max})` : null;
    }
    case 'amount_over':
      return overAmount(rule, subject) ? `${subject.amount} ${subject.currency} is above ${rule.amount}` : null;
    case 'first_payment_over': {
      if (!overAmount(rule, subject)) return null;
      const paid = await priorPayments().select('id').where('status', '=', 'succeeded').limit(1).executeTakeFirst();
      return paid ? null : `a first payment of ${subject.amount} ${subject.currency}, above ${rule.amount}`;
    }
    case 'declines_in_row': {
      const last = await priorPayments().select('status')
        .where('status', 'in', ['succeeded', 'failed', 'pending']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(rule.count).execute();
      return last.length === rule.count && last.every((row) => row.status === 'failed') ? `the last ${rule.count} payments failed` : null;
    }
    case 'many_cards': {
      const rows = await priorDecisions().select('fingerprint').distinct().where('customer_id', '=', subject.customerId)
        .where('fingerprint', 'is not', null).where('created_at', '>', since(rule.window_minutes)).execute();
      const cards = new Set([...rows.map((row) => row.fingerprint), ...(subject.fingerprint ? [subject.fingerprint] : [])]);
      return cards.size > rule.max ? `${cards.size} cards tried in ${rule.window_minutes} minutes (at most ${rule.max})` : null;
    }
    case 'country_mismatch': {
      const [first, second] = (rule.compare || DEFAULT_COMPARE).map((source) => ({ source, country: countryOf(ruleSet, subject, source) }));
      return first.country && second.country && first.country !== second.country
        ? `${COUNTRY_SOURCES[first.source]} ${first.country}, ${COUNTRY_SOURCES[second.source]} ${second.country}` : null;
    }
    default:
      return null;
  }
}

/// The countries a country_mismatch rule compares, as its reason names them.
const COUNTRY_SOURCES = { card: 'the card was issued in', billing: 'the billing address is in', ip: 'the IP address is in' };
const DEFAULT_COMPARE = ['ip', 'billing'];

function countryOf(ruleSet, subject, source) {
  if (source === 'card') return subject.cardCountry || null;
  if (source === 'billing') return subject.billingCountry || null;
  return ipCountry(ruleSet.ip_countries, subject.ip);
}

function overAmount(rule, subject) {
  return Boolean(subject.amount) && subject.currency === rule.currency && compareAmounts(subject.amount, rule.amount) > 0;
}

module.exports = { evaluate, COUNTRY_SOURCES };
