// Examples from docs/core-api.md and tests/vectors/*.json as typed values: `tsc --noEmit -p
// tests/types` proves that what the core documents and answers fits the declarations, field by
// field (tests/types/check-vectors.js does the same for every golden vector).
import type {
  AggregateRequest,
  AggregateResult,
  EntitlementCheck,
  EntitlementCheckRequest,
  EntitlementsList,
  EntitlementsListRequest,
  InvoiceRequest,
  InvoiceResult,
  MrrRequest,
  MrrResult,
  PeriodsRequest,
  PeriodsResult,
  ProrateRequest,
  ProrateResult,
  QuoteRequest,
  QuoteResult,
  RecognizeRequest,
  RecognizeResult,
  TaxRequest,
  TaxResult,
} from 'ratecard';

// ---------------------------------------------------------------------------------------------
// periods: the example of docs/core-api.md, and a subscription cancelled during its trial

export const periodsRequest: PeriodsRequest = {
  start: '2026-01-31T14:30:00Z', interval: 'month', time_zone: 'America/New_York', count: 3,
};

export const periodsResult: PeriodsResult = {
  has_more: true,
  periods: [
    {
      end: '2026-02-28T14:30:00Z', end_date: '2026-02-28', end_local: '2026-02-28T09:30:00', kind: 'full', number: 0,
      start: '2026-01-31T14:30:00Z', start_date: '2026-01-31', start_local: '2026-01-31T09:30:00',
    },
    {
      end: '2026-03-31T13:30:00Z', end_date: '2026-03-31', end_local: '2026-03-31T09:30:00', kind: 'full', number: 1,
      start: '2026-02-28T14:30:00Z', start_date: '2026-02-28', start_local: '2026-02-28T09:30:00',
    },
    {
      end: '2026-04-30T13:30:00Z', end_date: '2026-04-30', end_local: '2026-04-30T09:30:00', kind: 'full', number: 2,
      start: '2026-03-31T13:30:00Z', start_date: '2026-03-31', start_local: '2026-03-31T09:30:00',
    },
  ],
  time_zone: 'America/New_York',
};

export const cancelledInTrialRequest: PeriodsRequest = {
  start: '2026-01-01T00:00:00Z', trial_end: '2026-01-15T00:00:00Z', cancel_at: '2026-01-10T00:00:00Z',
  interval: 'month', count: 5,
};

export const cancelledInTrialResult: PeriodsResult = {
  has_more: false,
  periods: [
    {
      end: '2026-01-10T00:00:00Z', end_date: '2026-01-10', end_local: '2026-01-10T00:00:00', kind: 'trial',
      start: '2026-01-01T00:00:00Z', start_date: '2026-01-01', start_local: '2026-01-01T00:00:00',
    },
  ],
  time_zone: 'UTC',
};

// ---------------------------------------------------------------------------------------------
// prorate: the example of docs/core-api.md

export const prorateRequest: ProrateRequest = {
  currency: 'USD', schedule: { start: '2026-01-01T00:00:00Z', interval: 'month' }, change_at: '2026-01-16T12:00:00Z',
  old_items: [{ id: 'plan', price: { model: 'flat', amount: '10' } }],
  new_items: [{ id: 'plan', price: { model: 'flat', amount: '20' } }],
};

export const prorateResult: ProrateResult = {
  behavior: 'create_prorations', change_at: '2026-01-16T12:00:00Z', convention: 'second', currency: 'USD',
  cycle: {
    end: '2026-02-01T00:00:00Z', end_date: '2026-02-01', start: '2026-01-01T00:00:00Z', start_date: '2026-01-01',
  },
  direction: 'upgrade', effective_at: '2026-01-16T12:00:00Z', factor: { denominator: '2', numerator: '1' },
  in_trial: false, invoice_now: false,
  lines: [
    {
      amount: '-5.00', cycle_amount: '10.00', end: '2026-02-01T00:00:00Z', item: 'plan', kind: 'credit',
      quantity: '1', start: '2026-01-16T12:00:00Z',
    },
    {
      amount: '10.00', cycle_amount: '20.00', end: '2026-02-01T00:00:00Z', item: 'plan', kind: 'charge',
      quantity: '1', start: '2026-01-16T12:00:00Z',
    },
  ],
  rounding: 'half_up', total: '5.00',
};

// ---------------------------------------------------------------------------------------------
// aggregate: the example of docs/core-api.md

export const aggregateRequest: AggregateRequest = {
  period: { start: '2026-01-01T00:00:00Z', end: '2026-02-01T00:00:00Z' },
  metrics: [
    { code: 'calls', event_name: 'api_call', aggregation: 'count' },
    {
      code: 'storage', event_name: 'storage', aggregation: 'weighted_sum', property: 'delta_gb', initial_value: '10',
    },
  ],
  events: [
    { id: 'e1', event_name: 'api_call', timestamp: '2026-01-05T10:00:00Z' },
    { id: 'e1', event_name: 'api_call', timestamp: '2026-01-05T10:00:00Z' },
    { id: 'e2', event_name: 'storage', timestamp: '2026-01-31T00:00:00Z', properties: { delta_gb: '5' } },
  ],
};

export const aggregateResult: AggregateResult = {
  aggregates: [
    { aggregation: 'count', code: 'calls', event_count: 1, value: '1' },
    {
      aggregation: 'weighted_sum', code: 'storage', event_count: 1, final_value: '15', time_unit: 'hour',
      value: '7560',
    },
  ],
  partial: {
    event_ids: ['e1', 'e2'], fingerprint: 'a9dcda77f78e261080733476bf5200f1b4d068c194b2a7d64c8784c3da8cf3f7',
    metrics: [
      { code: 'calls', event_count: 1 }, { change: '5', code: 'storage', event_count: 1, weighted_change: '432000' },
    ],
  },
  period: { end: '2026-02-01T00:00:00Z', start: '2026-01-01T00:00:00Z' },
};

// ---------------------------------------------------------------------------------------------
// invoice: the request of docs/core-api.md, and usage passed through from an aggregate

export const invoiceRequest: InvoiceRequest = {
  customer: { id: 'cus_42', currency: 'USD', billing_zone: 'Europe/Berlin' },
  period: { start: '2026-01-31T23:00:00Z', end: '2026-02-28T23:00:00Z' },
  arrears_period: { start: '2025-12-31T23:00:00Z', end: '2026-01-31T23:00:00Z' },
  subscriptions: [
    {
      id: 'sub_1',
      items: [
        { id: 'plan', type: 'fixed', description: 'Pro plan', price: { model: 'flat', amount: '49.00' } },
        {
          id: 'api', type: 'usage', metric: 'api_calls',
          price: {
            model: 'graduated', tiers: [{ up_to: '1000', unit_amount: '0' }, { up_to: null, unit_amount: '0.002' }],
          },
        },
      ],
    },
  ],
  usage: [{ code: 'api_calls', value: '4500' }],
  coupons: [{ id: 'WELCOME', percent_off: '10', duration: 'repeating', duration_periods: 3 }],
  credits: [{ id: 'prepaid', balance: '20.00' }],
};

export const usageInvoiceRequest: InvoiceRequest = {
  customer: { id: 'cus_1', currency: 'USD' },
  arrears_period: { start: '2026-01-01T00:00:00Z', end: '2026-02-01T00:00:00Z' },
  subscriptions: [
    {
      id: 'sub_1',
      items: [
        {
          id: 'storage', type: 'usage', metric: 'storage',
          price: {
            model: 'volume',
            tiers: [
              { up_to: '1000', unit_amount: '0.1' }, { up_to: '5000', unit_amount: '0.08' },
              { up_to: null, unit_amount: '0.05' },
            ],
          },
        },
      ],
    },
  ],
  usage: [{ code: 'storage', aggregation: 'sum', event_count: 31, value: '2500' }],
};

export const usageInvoiceResult: InvoiceResult = {
  amount_due: '200.00',
  arrears_period: {
    end: '2026-02-01T00:00:00Z', end_date: '2026-02-01', start: '2026-01-01T00:00:00Z', start_date: '2026-01-01',
  },
  content_hash: 'abd6e6bd37bb20ef6c7d9f0674fce173af48678418e762d5a1931dcb2398f657', coupons: [],
  credit_generated: '0.00', credits: [], credits_applied: '0.00', currency: 'USD',
  customer: { billing_zone: null, currency: 'USD', id: 'cus_1' }, discount_total: '0.00',
  lines: [
    {
      amount: '200.00',
      breakdown: [
        {
          amount: '200.00', flat_amount: '0', kind: 'tier', quantity: '2500', tier_index: 1, unit_amount: '0.08',
          up_to: '5000',
        },
      ],
      description: null, discount_amount: '0.00', discounts: [], item_id: 'storage', kind: 'usage', metric: 'storage',
      model: 'volume',
      period: {
        end: '2026-02-01T00:00:00Z', end_date: '2026-02-01', start: '2026-01-01T00:00:00Z', start_date: '2026-01-01',
      },
      quantity: '2500', subscription_id: 'sub_1', tax_amount: '0.00', taxable_amount: '200.00',
    },
  ],
  period: null, rounding: 'half_up', subtotal: '200.00', tax_total: '0.00', taxes: [], total: '200.00',
  total_excluding_tax: '200.00',
};

// ---------------------------------------------------------------------------------------------
// quote: a trial delays the first invoice

export const quoteRequest: QuoteRequest = {
  customer: { id: 'cus_7', currency: 'USD' },
  schedule: { start: '2026-03-01T00:00:00Z', trial_end: '2026-03-15T00:00:00Z', interval: 'month' },
  items: [{ id: 'pro', type: 'fixed', description: 'Pro plan', price: { model: 'flat', amount: '30.00' } }],
};

export const quoteResult: QuoteResult = {
  billing_starts_at: '2026-03-15T00:00:00Z',
  first_period: {
    end: '2026-04-15T00:00:00Z', end_date: '2026-04-15', end_local: '2026-04-15T00:00:00', kind: 'full', number: 0,
    start: '2026-03-15T00:00:00Z', start_date: '2026-03-15', start_local: '2026-03-15T00:00:00',
  },
  invoice: {
    amount_due: '30.00', arrears_period: null,
    content_hash: '4629fbf46c4fb4e4f2d63ad9a6a3cbd07ba5842139ca21f6864ed96c18661bf9', coupons: [],
    credit_generated: '0.00', credits: [], credits_applied: '0.00', currency: 'USD',
    customer: { billing_zone: 'UTC', currency: 'USD', id: 'cus_7' }, discount_total: '0.00',
    lines: [
      {
        amount: '30.00', breakdown: [{ amount: '30.00', kind: 'flat' }], description: 'Pro plan',
        discount_amount: '0.00', discounts: [], item_id: 'pro', kind: 'fixed', model: 'flat',
        period: {
          end: '2026-04-15T00:00:00Z', end_date: '2026-04-15', start: '2026-03-15T00:00:00Z',
          start_date: '2026-03-15',
        },
        quantity: '1', subscription_id: 'subscription', tax_amount: '0.00', taxable_amount: '30.00',
      },
    ],
    period: {
      end: '2026-04-15T00:00:00Z', end_date: '2026-04-15', start: '2026-03-15T00:00:00Z', start_date: '2026-03-15',
    },
    rounding: 'half_up', subtotal: '30.00', tax_total: '0.00', taxes: [], total: '30.00',
    total_excluding_tax: '30.00',
  },
  invoice_request: {
    customer: { billing_zone: 'UTC', currency: 'USD', id: 'cus_7' }, op: 'invoice',
    period: { end: '2026-04-15T00:00:00Z', start: '2026-03-15T00:00:00Z' }, rounding: 'half_up',
    subscriptions: [
      {
        id: 'subscription',
        items: [{ description: 'Pro plan', id: 'pro', price: { amount: '30.00', model: 'flat' }, type: 'fixed' }],
      },
    ],
  },
  proration_factor: null, trial: { end: '2026-03-15T00:00:00Z', start: '2026-03-01T00:00:00Z' },
};

// ---------------------------------------------------------------------------------------------
// mrr: the two requests of docs/core-api.md and the result of the second

export const mrrRequests: MrrRequest[] = [
  {
    currency: 'USD', fx_rates: { EUR: '1.0825' },
    previous: [{ id: 'sub_1', customer: 'cus_1', currency: 'USD', unit_amount: '1200.00', interval: 'year' }],
    current: [{ id: 'sub_1', customer: 'cus_1', currency: 'EUR', unit_amount: '120.00', interval: 'month' }],
  },
  {
    currency: 'USD', fx_rates: { EUR: '1.1' },
    previous: [{ id: 's1', customer: 'c1', currency: 'USD', unit_amount: '1200', interval: 'year' }],
    current: [
      { id: 's1', customer: 'c1', currency: 'EUR', unit_amount: '100', interval: 'month', quantity: 2 },
      { id: 's2', customer: 'c2', currency: 'USD', unit_amount: '10', interval: 'week' },
    ],
  },
];

export const mrrResult: MrrResult = {
  currency: 'USD', current_mrr: '263.33',
  customers: [
    { change: '120.00', current_mrr: '220.00', customer: 'c1', movement: 'expansion', previous_mrr: '100.00' },
    { change: '43.33', current_mrr: '43.33', customer: 'c2', movement: 'new', previous_mrr: '0.00' },
  ],
  movements: {
    churn: { amount: '0.00', customers: 0 }, contraction: { amount: '0.00', customers: 0 },
    expansion: { amount: '120.00', customers: 1 }, new: { amount: '43.33', customers: 1 },
    reactivation: { amount: '0.00', customers: 0 },
  },
  net_change: '163.33', previous_mrr: '100.00', rounding: 'half_up',
  subscriptions: [
    { current_mrr: '220.00', customer: 'c1', id: 's1', previous_mrr: '100.00' },
    { current_mrr: '43.33', customer: 'c2', id: 's2', previous_mrr: '0.00' },
  ],
};

// ---------------------------------------------------------------------------------------------
// entitlements: the checks of docs/core-api.md, and every feature at once

export const entitlementCheckRequests: EntitlementCheckRequest[] = [
  {
    at: '2026-03-10T12:00:00Z',
    plan: {
      features: [{ key: 'api_calls', kind: 'metered', included: '1000' }, { key: 'seats', kind: 'limit', limit: 5 }],
    },
    billing: { start: '2026-01-15T00:00:00Z', interval: 'month', time_zone: 'Europe/Paris' },
    usage: [{ feature: 'api_calls', amount: '830', at: '2026-03-09T18:00:00Z' }], feature: 'api_calls', amount: 5,
  },
  {
    at: '2026-03-10T12:00:00Z',
    plan: { features: [{ key: 'credits', kind: 'metered', included: '100', reset: 'never' }] },
    grants: [{ id: 'promo', feature: 'credits', amount: '50', expires_at: '2026-04-01T00:00:00Z' }],
    usage: [{ feature: 'credits', amount: '120', at: '2026-03-05T00:00:00Z' }], feature: 'credits', amount: 5,
  },
];

export const entitlementCheckResults: EntitlementCheck[] = [
  {
    amount: '5', balance: '170', feature: 'api_calls', grants: [], has_access: true, kind: 'metered', limit: '1000',
    next_reset_at: '2026-03-15T00:00:00Z', overage: '0', usage: '830',
  },
  {
    amount: '5', balance: '30', feature: 'credits',
    grants: [{ balance: '0', expires_at: '2026-04-01T00:00:00Z', id: 'promo' }], has_access: true, kind: 'metered',
    limit: '150', next_reset_at: null, overage: '0', usage: '120',
  },
];

export const entitlementsListRequest: EntitlementsListRequest = {
  at: '2026-03-10T12:00:00Z',
  plan: {
    features: [
      { key: 'sso', kind: 'boolean' }, { key: 'projects', kind: 'limit', limit: 10 },
      { key: 'seats', kind: 'limit', limit: 3 }, { key: 'credits', kind: 'metered', reset: 'never', included: '100' },
    ],
  },
  seat_assignments: [{ feature: 'seats', assignee: 'ana' }, { feature: 'seats', assignee: 'ben' }],
  usage: [{ feature: 'projects', amount: 7 }, { feature: 'credits', amount: '30', at: '2026-03-05T00:00:00Z' }],
};

export const entitlementsListResult: EntitlementsList = {
  at: '2026-03-10T12:00:00Z',
  features: [
    {
      balance: '70', feature: 'credits', grants: [], has_access: true, kind: 'metered', limit: '100',
      next_reset_at: null, overage: '0', usage: '30',
    },
    {
      balance: '3', feature: 'projects', has_access: true, kind: 'limit', limit: '10', next_reset_at: null,
      overage: '0', usage: '7',
    },
    {
      balance: '1', denied_assignees: [], feature: 'seats', has_access: true, kind: 'limit', limit: '3',
      next_reset_at: null, overage: '0', usage: '2',
    },
    {
      balance: null, feature: 'sso', has_access: true, kind: 'boolean', limit: null, next_reset_at: null,
      overage: null, usage: null,
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// recognize: the requests of docs/core-api.md, and billing in arrears

export const recognizeRequests: RecognizeRequest[] = [
  {
    currency: 'USD',
    lines: [
      {
        id: 'in_1_line_1', kind: 'subscription', amount: '31.00', service_start: '2019-01-15T00:00:00Z',
        service_end: '2019-02-15T00:00:00Z',
      },
    ],
  },
  {
    currency: 'USD',
    lines: [
      {
        id: 'annual', kind: 'subscription', amount: '365.00', service_start: '2019-01-01T00:00:00Z',
        service_end: '2020-01-01T00:00:00Z',
      },
    ],
  },
];

export const arrearsRevenueRequest: RecognizeRequest = {
  currency: 'USD',
  lines: [
    {
      id: 'arrears', kind: 'subscription', amount: '30.00', service_start: '2026-06-01T00:00:00Z',
      service_end: '2026-07-01T00:00:00Z', invoiced_at: '2026-07-01T00:00:00Z',
    },
  ],
};

export const arrearsRevenueResult: RecognizeResult = {
  currency: 'USD', granularity: 'month',
  lines: [
    {
      amount: '30.00', id: 'arrears', kind: 'subscription', reversed: '0.00',
      schedule: [{ period: '2026-06', recognized: '30.00' }],
    },
  ],
  periods: [
    {
      deferred: '-30.00', end: '2026-07-01T00:00:00Z', period: '2026-06', recognized: '30.00',
      start: '2026-06-01T00:00:00Z',
    },
    {
      deferred: '0.00', end: '2026-08-01T00:00:00Z', period: '2026-07', recognized: '0.00',
      start: '2026-07-01T00:00:00Z',
    },
  ],
  time_zone: 'UTC', total: '30.00',
};

// ---------------------------------------------------------------------------------------------
// tax: the examples of docs/core-api.md (the dataset, and rates from a tax provider)

export const taxRequests: TaxRequest[] = [
  {
    currency: 'CAD', tax_date: '2025-06-01', lines: [{ amount: '100.00' }], seller: { country: 'CA', region: 'QC' },
    customer: { country: 'CA', region: 'QC' },
  },
  {
    currency: 'USD', tax_date: '2025-06-01', lines: [{ amount: '100.00' }], seller: { country: 'US', region: 'NY' },
    customer: { country: 'US', region: 'NY', postal_code: '10001' },
    rates: [
      {
        line: 0, jurisdiction: 'US-NY-NYC',
        components: [
          { jurisdiction: 'US-NY', name: 'state sales tax', rate: '4' },
          { jurisdiction: 'US-NY-NYC', name: 'city sales tax', rate: '4.5' },
          { jurisdiction: 'US-NY-MCTD', name: 'district sales tax', rate: '0.375' },
        ],
      },
    ],
  },
];

export const taxResult: TaxResult = {
  breakdown: [
    {
      jurisdiction: 'CA', name: 'GST', rate: '5', tax_amount: '5.00', taxability_reason: 'standard_rated',
      taxable_amount: '100.00',
    },
    {
      jurisdiction: 'CA-QC', name: 'QST', rate: '9.975', tax_amount: '9.98', taxability_reason: 'standard_rated',
      taxable_amount: '100.00',
    },
  ],
  currency: 'CAD',
  lines: [
    {
      amount: '100.00',
      components: [
        { jurisdiction: 'CA', name: 'GST', rate: '5', tax_amount: '5.00', taxable_amount: '100.00' },
        { jurisdiction: 'CA-QC', name: 'QST', rate: '9.975', tax_amount: '9.98', taxable_amount: '100.00' },
      ],
      discount_amount: '0.00', gross_amount: '114.98', jurisdiction: 'CA-QC', net_amount: '100.00',
      rates_from: 'dataset', tax_amount: '14.98', tax_behavior: 'exclusive', tax_category: 'standard',
      taxability_reason: 'standard_rated',
    },
  ],
  rounding: 'half_up', tax_date: '2025-06-01', tax_rounding: 'line',
  totals: { discount_amount: '0.00', gross_amount: '114.98', net_amount: '100.00', tax_amount: '14.98' },
};
