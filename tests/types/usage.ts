// A typed use of the package, checked by `tsc --noEmit -p tests/types` in npm test: what must
// compile does, and each `@ts-expect-error` line proves the declarations refuse a mistake.
import { BillingError, createLocalEntitlements, createRatecard, entitlementsRequestForFeature } from 'ratecard';
import type {
  Backend,
  BillingSchedule,
  EntitlementsRequest,
  Envelope,
  InvoiceResult,
  LocalDecision,
  Metric,
  PlanFeature,
  PriceLine,
  PriceResult,
  Ratecard,
  SnapshotAccessKey,
} from 'ratecard';

const seats = {
  model: 'volume',
  tiers: [
    { up_to: 10, unit_amount: '12' },
    { up_to: null, unit_amount: '10', flat_amount: '20' },
  ],
} as const;

export async function quoteSeats(quantity: string): Promise<string> {
  const rc: Ratecard = await createRatecard({ backend: 'auto' });
  const backend: Backend = rc.backend;

  const result: PriceResult = rc.price({ currency: 'USD', price: { ...seats, tiers: [...seats.tiers] }, quantity, rounding: 'half_even' });
  const tierLines = result.lines.filter((line): line is Extract<PriceLine, { kind: 'tier' }> => line.kind === 'tier');
  const firstTier: number | undefined = tierLines[0]?.tier_index;

  const text: string = rc.evaluateJson('{"op":"price","currency":"JPY","price":{"model":"flat","amount":"1500"}}');
  const sameText: string = await rc.evaluateJsonAsync(text);

  const envelope = rc.evaluate({ op: 'price', currency: 'EUR', price: { model: 'flat', amount: '29' } });
  const total: string = envelope.ok ? envelope.result.amount : `${envelope.error.code} at ${envelope.error.path}`;
  const later: Envelope<PriceResult> = await rc.evaluateAsync({ op: 'price', currency: 'EUR', price: { model: 'flat', amount: '29' } });

  const answers: Envelope[] = rc.batch([
    { op: 'price', currency: 'GBP', price: { model: 'per_unit', unit_amount: '0.5' }, quantity: 7 },
    { op: 'some_future_op', anything: true },
  ]);

  try {
    rc.run({ op: 'price', currency: 'USD', price: { model: 'per_unit', unit_amount: '1' }, quantity: '-1' });
  } catch (error) {
    if (error instanceof BillingError) return `${error.code} ${error.path} ${error.message}`;
    throw error;
  }
  return [backend, result.amount, firstTier, sameText, total, later.ok, answers.length].join(' ');
}

// A customer's month through the helper of every op: each result is typed, and what one op
// returns goes into the next unchanged, as docs/core-api.md says it may.
export function billingMonth(rc: Ratecard): unknown[] {
  const schedule: BillingSchedule = { start: '2026-01-15T09:00:00Z', interval: 'month', time_zone: 'Europe/Paris' };
  const january = { start: '2026-01-15T08:00:00Z', end: '2026-02-15T08:00:00Z' };
  const february = { start: '2026-02-15T08:00:00Z', end: '2026-03-15T08:00:00Z' };

  const { periods, has_more } = rc.periods({ ...schedule, billing_anchor: { day_of_month: 1 }, count: 2 });
  const first = periods[0];
  const stub = first?.kind === 'partial' ? [first.cycle_start, first.cycle_end] : [];
  const number: number | undefined = first && first.kind !== 'trial' ? first.number : undefined;

  const upgrade = rc.prorate({
    currency: 'EUR', schedule, change_at: '2026-02-01T00:00:00Z', behavior: 'always_invoice', convention: 'day',
    old_items: [{ id: 'plan', price: { model: 'flat', amount: '10' } }],
    new_items: [{ id: 'plan', price: { model: 'per_unit', unit_amount: '4' }, quantity: 3 }],
  });
  const factor = `${upgrade.factor.numerator}/${upgrade.factor.denominator}`;

  const metrics: Metric[] = [
    { code: 'api_calls', event_name: 'api_call', aggregation: 'count', filters: { region: ['eu', 1] } },
    { code: 'storage', event_name: 'storage', aggregation: 'weighted_sum', property: 'gb', time_unit: 'period' },
  ];
  const firstChunk = rc.aggregate({
    period: january, metrics,
    events: [{ id: 'e1', event_name: 'storage', timestamp: '2026-01-20T00:00:00Z', properties: { gb: '2.5', tags: ['x'] } }],
  });
  const usage = rc.aggregate({
    period: january, metrics, partials: [firstChunk.partial],
    events: [{ id: 'e2', event_name: 'api_call', timestamp: '2026-01-21T00:00:00Z', properties: { region: 'eu' } }],
  });
  const carried = usage.aggregates.map((entry) => (entry.aggregation === 'weighted_sum' ? entry.final_value : null));

  const invoice: InvoiceResult = rc.invoice({
    customer: { id: 'cus_1', currency: 'EUR', billing_zone: 'Europe/Paris' },
    period: february,
    arrears_period: january,
    subscriptions: [{
      id: 'sub_1',
      items: [
        { id: 'plan', type: 'fixed', price: { model: 'per_unit', unit_amount: '4' }, quantity: 3 },
        {
          id: 'api', type: 'usage', metric: 'api_calls', tax_category: 'digital_services',
          price: { model: 'package', package_size: 1000, package_amount: '2.00' },
        },
        { id: 'storage', type: 'usage', metric: 'storage', price: { model: 'per_unit', unit_amount: '0.10' } },
      ],
      minimum_commitment: { amount: '20.00', prior_spend: '12.00' },
    }],
    usage: usage.aggregates,
    prorations: upgrade.lines,
    coupons: [{ id: 'WELCOME', percent_off: '10', duration: 'repeating', duration_periods: 3, applies_to: ['plan'] }],
    credits: [{ id: 'prepaid', balance: '5.00' }],
    tax: { tax_date: '2026-02-15', seller: { country: 'FR', registrations: ['FR', 'EU'] }, customer: { country: 'DE' } },
  });
  const billedMetrics = invoice.lines.flatMap((line) => (line.kind === 'usage' ? [line.metric] : []));
  const reasons = invoice.lines.map((line) => line.tax?.taxability_reason);

  const quote = rc.quote({
    customer: { currency: 'EUR' }, schedule: { ...schedule, trial_end: '2026-01-29T09:00:00Z' },
    items: [{ id: 'plan', type: 'fixed', price: { model: 'flat', amount: '30.00' } }],
    coupon: { id: 'LAUNCH', amount_off: '5.00', currency: 'EUR' },
  });
  const sameInvoice: InvoiceResult = rc.run(quote.invoice_request);

  const tax = rc.tax({
    currency: 'CAD', tax_point: '2025-06-01T03:00:00Z', time_zone: 'America/Toronto', tax_rounding: 'invoice',
    lines: [{ amount: '100.00', discount_amount: '10.00', tax_behavior: 'inclusive' }],
    seller: { country: 'CA', region: 'QC' }, customer: { country: 'CA', region: 'ON', tax_exempt: 'none' },
  });
  const hst = tax.breakdown.find((entry) => entry.name === 'HST')?.tax_amount;

  const mrr = rc.mrr({
    currency: 'USD', fx_rates: { EUR: '1.0825' }, former_customers: ['c9'],
    current: [
      { id: 's1', customer: 'c1', currency: 'EUR', unit_amount: '10', interval: 'quarter', discount: { percent_off: '20' } },
    ],
  });
  const churned: string = mrr.movements.churn.amount;

  const revenue = rc.recognize({
    currency: 'USD', granularity: 'day',
    lines: [{
      id: 'bundle', kind: 'bundle', amount: '100.00', items: [
        { id: 'setup', kind: 'one_off', recognized_at: '2026-01-02T00:00:00Z', standalone_price: '50.00' },
        {
          id: 'support', kind: 'subscription', standalone_price: '100.00',
          service_start: '2026-01-01T00:00:00Z', service_end: '2026-02-01T00:00:00Z',
        },
      ],
    }],
    reversals: [{ line: 'bundle', amount: '10.00', at: '2026-01-10T00:00:00Z' }],
  });
  const discounts = revenue.lines.map((line) => line.discount ?? '0.00');

  const plan: { features: PlanFeature[] } = {
    features: [
      { key: 'sso', kind: 'boolean' },
      { key: 'seats', kind: 'limit', limit: 5 },
      { key: 'api_calls', kind: 'metered', included: '1000', overage: 'soft', rollover: { max: '500' }, reset: 'month' },
    ],
  };
  const at = '2026-03-10T12:00:00Z';
  const grants = [{ id: 'promo', feature: 'api_calls', amount: '50', expires_at: '2026-04-01T00:00:00Z' }];
  const every = rc.entitlements({ at, plan, billing: schedule, grants });
  const kinds = every.features.map((feature) => feature.kind);
  const call = rc.entitlements({ at, plan, billing: schedule, feature: 'api_calls', amount: 5 });
  const overage: string | null = call.overage;
  const seats = [{ feature: 'seats', assignee: 'ana' }];
  const seat = rc.entitlements({ at, plan, billing: schedule, seat_assignments: seats, feature: 'seats', assignee: 'ana' });
  const denied = seat.kind === 'limit' ? seat.denied_assignees : undefined;

  return [has_more, stub, number, factor, carried, billedMetrics, reasons, sameInvoice.content_hash, hst, churned,
    discounts, kinds, call.has_access, overage, seat.reason, denied];
}

export async function mistakes(rc: Ratecard): Promise<void> {
  // @ts-expect-error money is a decimal string, never a JavaScript number
  rc.price({ currency: 'USD', price: { model: 'per_unit', unit_amount: 9.99 }, quantity: 3 });
  // @ts-expect-error there is no "tiered" model
  rc.price({ currency: 'USD', price: { model: 'tiered', tiers: [] }, quantity: 3 });
  // @ts-expect-error a misspelt field
  rc.price({ currency: 'USD', price: { model: 'flat', amount: '1' }, quantiy: 3 });
  // @ts-expect-error not a rounding mode
  rc.price({ currency: 'USD', price: { model: 'flat', amount: '1' }, rounding: 'nearest' });
  // @ts-expect-error the currency is required
  rc.price({ price: { model: 'flat', amount: '1' } });
  // @ts-expect-error evaluateJson takes JSON text, not an object
  rc.evaluateJson({ op: 'price' });
  // @ts-expect-error not a backend
  await createRatecard({ backend: 'gpu' });
  // @ts-expect-error the backend is read-only
  rc.backend = 'wasm';
}

// Each op's declarations refuse what the core refuses, before the request is sent.
export function opMistakes(rc: Ratecard, invoice: InvoiceResult): void {
  const start = '2026-01-01T00:00:00Z';
  const schedule: BillingSchedule = { start, interval: 'month' };
  const period = { start, end: '2026-02-01T00:00:00Z' };
  const flat = { model: 'flat', amount: '10' } as const;

  // @ts-expect-error not a billing interval
  rc.periods({ start, interval: 'fortnight' });
  // @ts-expect-error `count` or `until`, not both
  rc.periods({ ...schedule, count: 3, until: '2027-01-01T00:00:00Z' });
  // @ts-expect-error a count is a JSON integer, not a string
  rc.periods({ ...schedule, interval_count: '3' });
  // @ts-expect-error weekdays are lower-case names
  rc.periods({ ...schedule, interval: 'week', billing_anchor: { weekday: 'Mon' } });

  const fee = { id: 'fee', price: { model: 'percentage', rate: '2.9' } } as const;
  // @ts-expect-error usage charged on events in arrears is not prorated
  rc.prorate({ currency: 'USD', schedule, change_at: start, old_items: [fee], new_items: [] });
  // @ts-expect-error not a proration convention
  rc.prorate({ currency: 'USD', schedule, change_at: start, convention: 'actual_365', old_items: [], new_items: [] });
  // @ts-expect-error the items after the change are required (an empty list cancels)
  rc.prorate({ currency: 'USD', schedule, change_at: start, old_items: [] });

  // @ts-expect-error `count` reads no property
  rc.aggregate({ period, metrics: [{ code: 'calls', event_name: 'call', aggregation: 'count', property: 'n' }] });
  // @ts-expect-error `sum` needs the property holding the value
  rc.aggregate({ period, metrics: [{ code: 'gb', event_name: 'storage', aggregation: 'sum' }] });
  const storage = { code: 'gb', event_name: 'storage', property: 'gb' } as const;
  // @ts-expect-error not a time unit of weighted_sum
  rc.aggregate({ period, metrics: [{ ...storage, aggregation: 'weighted_sum', time_unit: 'week' }] });

  const customer = { currency: 'USD' };
  // @ts-expect-error an invoice charges `period`, `arrears_period` or both
  rc.invoice({ customer, subscriptions: [] });
  // @ts-expect-error a usage item's quantity is its metric's usage
  rc.invoice({ customer, arrears_period: period, subscriptions: [{ id: 's', items: [{ id: 'api', type: 'usage', metric: 'calls', price: flat, quantity: 3 }] }] });
  // @ts-expect-error percentage prices charge usage events, not fixed items
  rc.invoice({ customer, period, subscriptions: [{ id: 's', items: [{ ...fee, type: 'fixed' }] }] });
  // @ts-expect-error a coupon has `percent_off` or `amount_off`, not both
  rc.invoice({ customer, period, subscriptions: [], coupons: [{ id: 'c', percent_off: '10', amount_off: '5.00', currency: 'USD' }] });
  // @ts-expect-error an amount coupon names its currency
  rc.invoice({ customer, period, subscriptions: [], coupons: [{ id: 'c', amount_off: '5.00' }] });
  // @ts-expect-error a repeating coupon says for how many invoices
  rc.invoice({ customer, period, subscriptions: [], coupons: [{ id: 'c', percent_off: '10', duration: 'repeating' }] });
  // @ts-expect-error a usage entry has a `value` or `events`, not both
  rc.invoice({ customer, arrears_period: period, subscriptions: [], usage: [{ code: 'calls', value: '3', events: ['1'] }] });

  // @ts-expect-error a quote needs the plan's items
  rc.quote({ customer, schedule });
  // @ts-expect-error `cancel_at` belongs to `periods`, not to a billing schedule
  rc.quote({ customer, schedule: { ...schedule, cancel_at: start }, items: [] });

  const document = { seller: { country: 'DE' }, customer: { country: 'FR' } };
  // @ts-expect-error the tax date or the tax point, not both
  rc.tax({ ...document, currency: 'EUR', lines: [], tax_date: '2026-01-01', tax_point: start, time_zone: 'Europe/Paris' });
  // @ts-expect-error a tax point is read in a time zone
  rc.tax({ ...document, currency: 'EUR', lines: [], tax_point: start });
  // @ts-expect-error not a tax behaviour
  rc.tax({ ...document, currency: 'EUR', tax_date: '2026-01-01', lines: [{ amount: '10.00', tax_behavior: 'included' }] });
  // @ts-expect-error not a taxability reason
  rc.tax({ ...document, currency: 'EUR', tax_date: '2026-01-01', lines: [], rates: [{ line: 0, taxability_reason: 'exempt' }] });

  const subscription = { id: 's1', customer: 'c1', currency: 'USD', unit_amount: '10' } as const;
  // @ts-expect-error not an MRR interval
  rc.mrr({ currency: 'USD', current: [{ ...subscription, interval: 'biweekly' }] });
  // @ts-expect-error a discount is a percentage or an amount, not both
  rc.mrr({ currency: 'USD', current: [{ ...subscription, interval: 'month', discount: { percent_off: '10', amount_off: '1' } }] });
  // @ts-expect-error FX rates are decimal strings, never JavaScript numbers
  rc.mrr({ currency: 'USD', fx_rates: { EUR: 1.08 }, current: [] });

  // @ts-expect-error a subscription line has a service period
  rc.recognize({ currency: 'USD', lines: [{ id: 'l', kind: 'subscription', amount: '10.00', service_start: start }] });
  // @ts-expect-error a one-off is recognized at delivery, not over a service period
  rc.recognize({ currency: 'USD', lines: [{ id: 'l', kind: 'one_off', amount: '10.00', recognized_at: start, service_start: start }] });
  // @ts-expect-error not a granularity
  rc.recognize({ currency: 'USD', granularity: 'week', lines: [] });

  const plan = { features: [] };
  // @ts-expect-error an amount to use or an assignee, not both
  rc.entitlements({ at: start, plan, feature: 'seats', amount: 1, assignee: 'ana' });
  // @ts-expect-error `amount` needs `feature`
  rc.entitlements({ at: start, plan, amount: 1 });
  // @ts-expect-error a limit or `unlimited`, not both
  rc.entitlements({ at: start, plan: { features: [{ key: 'seats', kind: 'limit', limit: 5, unlimited: true }] } });
  // @ts-expect-error not an overage policy
  rc.entitlements({ at: start, plan: { features: [{ key: 'calls', kind: 'metered', overage: 'strict' }] } });
  // @ts-expect-error an add-on adds amounts; the overage policy is the plan's
  rc.entitlements({ at: start, plan, add_ons: [{ id: 'more', features: [{ key: 'seats', limit: 5, overage: 'soft' }] }] });

  const every = rc.entitlements({ at: start, plan });
  // @ts-expect-error a list of features has no single `has_access`
  every.has_access;
  const line = invoice.lines[0];
  // @ts-expect-error only usage lines have a metric: narrow on `kind` first
  line?.metric;
  const [first] = rc.periods(schedule).periods;
  // @ts-expect-error trials are not numbered: narrow on `kind` first
  first?.number;
}

// Local entitlement decisions from a signed snapshot.
export async function localEntitlements(rc: Ratecard): Promise<void> {
  const local = await createLocalEntitlements({ ratecard: rc, url: 'http://localhost:8080', apiKey: 'rcsk_x', customer: 'cus_1', refreshIntervalMs: 0 });
  const decision: LocalDecision = local.check('projects', { amount: '1' });
  const allowed: boolean = decision.allowed;
  const key: SnapshotAccessKey | null = local.verifyAccessKey('rcak_x');
  if (key) local.check('reports', { key, keyUsage: [{ amount: '1', at: '2026-01-01T00:00:00Z' }] });
  const changed: boolean = await local.refresh();
  const version: number | null = local.snapshot.plan_version;
  void [allowed, changed, version];
  local.close();
  // @ts-expect-error the ratecard instance is required
  await createLocalEntitlements({ url: 'http://localhost:8080', apiKey: 'k', customer: 'c' });
  // @ts-expect-error an amount is a quantity, not a boolean
  local.check('projects', { amount: true });
  // A request narrowed to the feature it asks about keeps its type.
  const narrowed: EntitlementsRequest = entitlementsRequestForFeature({ op: 'entitlements', at: '2026-01-01T00:00:00Z', plan: { features: [{ key: 'sso', kind: 'boolean' }] }, feature: 'sso' } as EntitlementsRequest, 'sso');
  rc.entitlements(narrowed);
  // @ts-expect-error the feature is its key, a string
  entitlementsRequestForFeature({ plan: { features: [] } }, 7);
}
