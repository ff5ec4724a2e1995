'use strict';
// The rules engine: what a rule set decides for a charge or a tokenization, from the facts the
// database held at a moment (so a dry run re-decides a past payment as of its own time).
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

/// Each rule of `ruleSet` (as the API shows it) on `subject` { customerId, fingerprint, email,
/// ip, billingCountry, amount?, currency? } as of `asOf` (decisions and payments up to then;
/// `excludeId`: the decision being re-decided). Returns { score, outcome, fired: [{ name,
/// type, score, reason }] }.
async function evaluate(executor, ruleSet, subject, { asOf, excludeId = null }) {
  const fired = [];
  for (const rule of ruleSet.rules) {
    const reason = await ruleFires(executor, ruleSet, rule, subject, { asOf, excludeId });
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
async function ruleFires(executor, ruleSet, rule, subject, { asOf, excludeId }) {
  const since = (windowMinutes) => addMilliseconds(asOf, -windowMinutes * MINUTE_MS);
  const priorDecisions = () => {
    let query = executor.selectFrom('fraud_decisions').where('created_at', '<=', asOf);
    if (excludeId) query = query.where('id', '!=', excludeId);
    return query;
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
      const paid = await executor.selectFrom('payments').select('id').where('customer_id', '=', subject.customerId)
        .where('status', '=', 'succeeded').where('created_at', '<', asOf).limit(1).executeTakeFirst();
      return paid ? null : `a first payment of ${subject.amount} ${subject.currency}, above ${rule.amount}`;
    }
    case 'declines_in_row': {
      const last = await executor.selectFrom('payments').select('status').where('customer_id', '=', subject.customerId)
        .where('created_at', '<', asOf).where('status', 'in', ['succeeded', 'failed', 'pending']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(rule.count).execute();
      return last.length === rule.count && last.every((row) => row.status === 'failed') ? `the last ${rule.count} payments failed` : null;
    }
    case 'many_cards': {
      const rows = await priorDecisions().select('fingerprint').distinct().where('customer_id', '=', subject.customerId)
        .where('fingerprint', 'is not', null).where('created_at', '>', since(rule.window_minutes)).execute();
      const cards = new Set([...rows.map((row) => row.fingerprint), ...(subject.fingerprint ? [subject.fingerprint] : [])]);
      return cards.size > rule.max ? `${cards.size} cards tried in ${rule.window_minutes} minutes (at most ${rule.max})` : null;
    }
    case 'country_mismatch': {
      const country = ipCountry(ruleSet.ip_countries, subject.ip);
      return country && subject.billingCountry && country !== subject.billingCountry
        ? `the IP address is in ${country}, the billing address in ${subject.billingCountry}` : null;
    }
    default:
      return null;
  }
}

function overAmount(rule, subject) {
  return Boolean(subject.amount) && subject.currency === rule.currency && compareAmounts(subject.amount, rule.amount) > 0;
}

module.exports = { evaluate, ipCountry };
