'use strict';
// One-off lines: charges an operator adds to an invoice (or invoices alone), priced by the core
// as fixed items of the invoice's period.
const { ONE_OFF_ID } = require('./invoices');

/// The core subscription entry holding `lines` ([{ description, unit_amount, quantity,
/// tax_category?, tax_behavior? }]), or null when there are none.
function oneOffEntry(lines, taxDefaults) {
  if (!lines.length) return null;
  return {
    id: ONE_OFF_ID,
    items: lines.map((line, index) => ({
      id: `line_${index + 1}`, type: 'fixed', description: line.description,
      price: { model: 'per_unit', unit_amount: line.unit_amount }, quantity: line.quantity ?? '1',
      tax_category: line.tax_category || taxDefaults.tax_category, tax_behavior: line.tax_behavior || taxDefaults.tax_behavior,
    })),
  };
}

/// The one-off invoice's period: the day (in the customer's billing zone) from `at`.
function oneDayFrom(core, at, timeZone) {
  const { periods: [period] } = core.run({ op: 'periods', start: at, interval: 'day', time_zone: timeZone, count: 1 });
  return { start: period.start, end: period.end };
}

module.exports = { oneOffEntry, oneDayFrom };
