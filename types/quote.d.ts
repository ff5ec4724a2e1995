// Op `quote` (docs/core-api.md, "Op `quote`"): a checkout's first invoice, computed by the
// `invoice` op's own code.
import type { Fraction, Identifier, Instant, RoundingMode, TimeRange } from './common.js';
import type { Coupon, InvoiceCustomer, InvoiceItem, InvoiceRequest, InvoiceResult } from './invoice.js';
import type { BillingSchedule, FullPeriod, PartialPeriod } from './periods.js';
import type { ProrationConvention } from './prorate.js';
import type { TaxDocument } from './tax.js';

/** The fields of a `quote` request (what `rc.quote()` takes). */
export interface QuoteRequest {
  /** As in `invoice`; `billing_zone` may be left out: it is the schedule's `time_zone`. */
  customer: InvoiceCustomer;
  /** The billing schedule, exactly the fields of `BillingSchedule`. */
  schedule: BillingSchedule;
  /** The plan's items, at least one. */
  items: InvoiceItem[];
  /** More items, after the plan's; items and add-ons together at most 100, distinct ids. */
  add_ons?: InvoiceItem[];
  /** Usually with `periods_applied` 0. */
  coupon?: Coupon;
  /** The subscription's id on the invoice (default `"subscription"`). */
  subscription_id?: Identifier;
  /** How a partial first period is prorated (default `second`). */
  proration_convention?: ProrationConvention;
  rounding?: RoundingMode;
  /** Carried unchanged into the invoice request. */
  tax?: TaxDocument;
}

export interface QuoteResult {
  /** When billing starts and the first invoice is issued. */
  billing_starts_at: Instant;
  trial: TimeRange | null;
  /** The first billed period, exactly as `periods` shows it. */
  first_period: FullPeriod | PartialPeriod;
  /** The part of the cycle a partial first period charges; null for a full period. */
  proration_factor: Fraction | null;
  /** The `invoice` request of the first invoice: sending it gives the same bytes as `invoice`. */
  invoice_request: { op: 'invoice' } & InvoiceRequest;
  invoice: InvoiceResult;
}
