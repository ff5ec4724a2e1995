// Op `invoice` (docs/core-api.md, "Op `invoice`"): an invoice as a pure function of its inputs.
import type {
  CivilDate,
  Count,
  CurrencyCode,
  DatedTimeRange,
  DecimalString,
  Identifier,
  Instant,
  Percent,
  Quantity,
  RoundingMode,
  TimeRange,
  TimeZoneName,
} from './common.js';
import type { Aggregation, TimeUnit } from './aggregate.js';
import type { Price, PriceLine, PriceModel, QuantityPrice } from './price.js';
import type { TaxBehavior, TaxBreakdownEntry, TaxCategory, TaxCode, TaxDocument, TaxedLine, TaxRoundingLevel } from './tax.js';

export interface InvoiceCustomer {
  /** Every amount of the invoice is in this currency. */
  currency: CurrencyCode;
  /** Echoed. */
  id?: Identifier;
  /** The zone of the periods' local dates (default UTC). */
  billing_zone?: TimeZoneName;
}

/** How an item's (or a commitment's, or a proration's) lines are taxed. */
export interface TaxTreatment {
  tax_category?: TaxCategory;
  tax_behavior?: TaxBehavior;
  tax_code?: TaxCode;
}

interface ItemBase extends TaxTreatment {
  /** Distinct within the subscription; what coupons' `applies_to` name. */
  id: Identifier;
  /** At most 1,000 bytes, echoed on the line. */
  description?: string;
}

/** A fixed fee: charged for `period` (in advance, default) or `arrears_period`. */
export interface FixedItem extends ItemBase {
  type: 'fixed';
  price: QuantityPrice;
  /** Seats, licences: ≥ 0, default 1. */
  quantity?: Quantity;
  billing?: 'in_advance' | 'in_arrears';
}

/** A usage charge, always in arrears, on its metric's entry in `usage`. */
export interface UsageItem extends ItemBase {
  type: 'usage';
  /** Any model; `percentage` prices are charged on the usage entry's `events`. */
  price: Price;
  /** The `code` of its usage entry. */
  metric: Identifier;
}

export type InvoiceItem = FixedItem | UsageItem;

/** A floor on what a subscription spends in the period that ended. */
export interface MinimumCommitment extends TaxTreatment {
  /** Exact at the currency's minor unit. */
  amount: DecimalString;
  /** Charges for the arrears period billed on earlier invoices (default `"0"`). */
  prior_spend?: DecimalString;
}

export interface InvoiceSubscription {
  /** Distinct per invoice. */
  id: Identifier;
  /** May be empty; at most 100. */
  items: InvoiceItem[];
  minimum_commitment?: MinimumCommitment;
}

interface UsageEntryBase {
  /** The metric code usage items name. */
  code: Identifier;
  /** Accepted and ignored, so an `aggregate` result's aggregates can be passed unchanged. */
  aggregation?: Aggregation;
  event_count?: Count;
  final_value?: DecimalString;
  time_unit?: TimeUnit;
}

/** One metric's usage: a quantity, or one amount per transaction for `percentage` prices. */
export type InvoiceUsage =
  | (UsageEntryBase & { value: Quantity; events?: never })
  | (UsageEntryBase & { events: Quantity[]; value?: never });

/** The prorated span `[start, end)`: both or neither. */
type ProrationSpan = { start: Instant; end: Instant } | { start?: never; end?: never };

/** A proration waiting for this invoice: a line of the `prorate` op's result passes as is. */
export type InvoiceProration = TaxTreatment &
  ProrationSpan & {
    /** Already rounded, exact at the minor unit; credits negative. */
    amount: DecimalString;
    /** Must agree with the sign of a non-zero amount (from the sign when absent). */
    kind?: 'charge' | 'credit';
    /** The item prorated; a coupon's `applies_to` matches it. */
    item?: Identifier;
    quantity?: Quantity;
    /** The item's charge for a whole cycle. */
    cycle_amount?: DecimalString;
    subscription_id?: Identifier;
    description?: string;
  };

export type CouponDuration = 'once' | 'repeating' | 'forever';

/** A percentage or an amount off, either (not both). */
export type CouponDiscount =
  | { percent_off: Percent; amount_off?: never; currency?: never }
  | {
      /** Exact at the minor unit, > 0. */
      amount_off: DecimalString;
      /** The invoice's currency. */
      currency: CurrencyCode;
      percent_off?: never;
    };

/** How many invoices a coupon discounts (default `once`). */
export type CouponTerm =
  | { duration?: 'once' | 'forever'; duration_periods?: never }
  | {
      duration: 'repeating';
      /** ≥ 1: how many invoices it discounts. */
      duration_periods: Count;
    };

export type Coupon = CouponDiscount &
  CouponTerm & {
    /** Distinct. */
    id: Identifier;
    /** Invoices it has already discounted (default 0): persist the result's value. */
    periods_applied?: Count;
    /** Only lines of these items (at most 100); all item and proration lines when absent. */
    applies_to?: Identifier[];
  };

/** A prepaid balance in the invoice's currency, spent in order after tax. */
export interface Credit {
  id: Identifier;
  /** ≥ 0, exact at the minor unit. */
  balance: DecimalString;
}

/** Usage of one item that arrived after its period was invoiced: quantities, or events for `percentage` prices. */
export type LateUsageItem = TaxTreatment & {
  id: Identifier;
  description?: string;
  metric: Identifier;
} & (
    | { price: QuantityPrice; billed_quantity: Quantity; late_quantity: Quantity; billed_events?: never; late_events?: never }
    | {
        price: Extract<Price, { model: 'percentage' }>;
        billed_events: Quantity[];
        late_events: Quantity[];
        billed_quantity?: never;
        late_quantity?: never;
      }
  );

/** Late usage of one subscription for one period invoiced earlier. */
export interface LateUsage {
  subscription_id: Identifier;
  /** The period the usage belongs to. */
  period: TimeRange;
  /** At most 100. */
  items: LateUsageItem[];
  /** The period's commitment and the spend it was checked against (true-up excluded). */
  minimum_commitment?: TaxTreatment & { amount: DecimalString; spend: DecimalString };
}

/** The fields of an `invoice` request (what `rc.invoice()` takes). */
export type InvoiceRequest = InvoicePeriods & {
  customer: InvoiceCustomer;
  /** May be empty; at most 100. */
  subscriptions: InvoiceSubscription[];
  /** Only with `arrears_period`; at most 1,000. */
  usage?: InvoiceUsage[];
  /** At most 1,000. */
  prorations?: InvoiceProration[];
  /** At most 100: billed as adjustment lines after the prorations. */
  late_usage?: LateUsage[];
  /** At most 20, applied in order. */
  coupons?: Coupon[];
  /** At most 100, spent in order. */
  credits?: Credit[];
  rounding?: RoundingMode;
  /** Taxes the invoice; without it no tax is charged. */
  tax?: TaxDocument;
  /** The result names the core version that computed it (`core_version`); default false. */
  include_core_version?: boolean;
};

/**
 * At least one of `period` (the period that starts: in-advance items) and `arrears_period`
 * (the period that ended: usage and in-arrears items).
 */
export type InvoicePeriods =
  | { period: TimeRange; arrears_period?: TimeRange }
  | { arrears_period: TimeRange; period?: TimeRange };

/** How a line was taxed: the `tax` op's line without the amounts the invoice line has. */
export type InvoiceLineTax = Omit<TaxedLine, 'amount' | 'discount_amount' | 'tax_amount'>;

interface InvoiceLineBase {
  subscription_id: Identifier | null;
  item_id: Identifier | null;
  description: string | null;
  period: DatedTimeRange | null;
  quantity: DecimalString | null;
  /** Rounded once. */
  amount: DecimalString;
  /** One per coupon that took a non-zero part. */
  discounts: Array<{ coupon_id: Identifier; amount: DecimalString }>;
  discount_amount: DecimalString;
  /** The line's net: `amount` − `discount_amount`, less the tax it includes when inclusive. */
  taxable_amount: DecimalString;
  /** `"0.00"` without `tax`. */
  tax_amount: DecimalString;
  /** With `tax` only. */
  tax?: InvoiceLineTax;
}

/** What fixed and usage lines share: a subscription item priced over a period. */
interface ItemInvoiceLine extends InvoiceLineBase {
  subscription_id: Identifier;
  item_id: Identifier;
  period: DatedTimeRange;
  quantity: DecimalString;
  model: PriceModel;
  /** The price's lines with their amounts, summing to `amount`. */
  breakdown: PriceLine[];
}

export interface FixedInvoiceLine extends ItemInvoiceLine {
  kind: 'fixed';
}

export interface UsageInvoiceLine extends ItemInvoiceLine {
  kind: 'usage';
  metric: Identifier;
  /** `percentage` prices: the number of events and of fully free events. */
  events?: Count;
  free_events?: Count;
}

export interface TrueUpInvoiceLine extends InvoiceLineBase {
  kind: 'minimum_commitment_true_up';
  subscription_id: Identifier;
  item_id: null;
  description: null;
  period: DatedTimeRange;
  quantity: null;
  minimum_amount: DecimalString;
  spend: DecimalString;
}

export interface ProrationInvoiceLine extends InvoiceLineBase {
  kind: 'proration';
  proration_kind: 'charge' | 'credit';
  cycle_amount: DecimalString | null;
}

/** What late usage adds: price(billed + late) − price(billed), each rounded; never discounted. */
export interface LateUsageInvoiceLine extends InvoiceLineBase {
  kind: 'late_usage';
  subscription_id: Identifier;
  item_id: Identifier;
  /** The period the usage belongs to. */
  period: DatedTimeRange;
  /** The late quantity (for `percentage`, the sum of the late events). */
  quantity: DecimalString;
  model: PriceModel;
  metric: Identifier;
  billed_quantity: DecimalString;
  billed_amount: DecimalString;
  corrected_quantity: DecimalString;
  corrected_amount: DecimalString;
}

/** The change of an earlier period's minimum-commitment true-up once late usage counts. */
export interface LateUsageTrueUpInvoiceLine extends InvoiceLineBase {
  kind: 'late_usage_true_up';
  subscription_id: Identifier;
  item_id: null;
  description: null;
  period: DatedTimeRange;
  quantity: null;
  minimum_amount: DecimalString;
  billed_spend: DecimalString;
  billed_true_up: DecimalString;
  spend: DecimalString;
  true_up: DecimalString;
}

export type InvoiceLine =
  | FixedInvoiceLine
  | UsageInvoiceLine
  | TrueUpInvoiceLine
  | ProrationInvoiceLine
  | LateUsageInvoiceLine
  | LateUsageTrueUpInvoiceLine;

export interface CouponOutcome {
  coupon_id: Identifier;
  /** It discounted this invoice. */
  applied: boolean;
  amount: DecimalString;
  /** Including this invoice: store it for the next. */
  periods_applied: Count;
  /** It will discount no later invoice. */
  exhausted: boolean;
}

export interface CreditOutcome {
  credit_id: Identifier;
  applied: DecimalString;
  /** The balance to keep. */
  remaining: DecimalString;
}

export interface InvoiceResult {
  currency: CurrencyCode;
  customer: { id: Identifier | null; currency: CurrencyCode; billing_zone: TimeZoneName | null };
  rounding: RoundingMode;
  period: DatedTimeRange | null;
  arrears_period: DatedTimeRange | null;
  /** Per subscription its items (in item order) then its true-up, then the prorations, then the late usage adjustments. */
  lines: InvoiceLine[];
  /** Σ line amounts. */
  subtotal: DecimalString;
  /** Σ coupon amounts. */
  discount_total: DecimalString;
  /** Σ line nets. */
  total_excluding_tax: DecimalString;
  tax_total: DecimalString;
  /** The `tax` op's breakdown; `[]` without `tax`. */
  taxes: TaxBreakdownEntry[];
  /** With `tax` only. */
  tax_date?: CivilDate;
  tax_rounding?: TaxRoundingLevel;
  /** With `tax` whose `inclusive_rounding` is `net`. */
  inclusive_rounding?: 'net';
  /** With `include_core_version`: the core version that computed this result. */
  core_version?: string;
  /** `total_excluding_tax` + `tax_total`. */
  total: DecimalString;
  coupons: CouponOutcome[];
  credits: CreditOutcome[];
  credits_applied: DecimalString;
  /** max(`total`, 0) − `credits_applied`: what to collect. */
  amount_due: DecimalString;
  /** max(−`total`, 0): what a negative total owes the customer. */
  credit_generated: DecimalString;
  /** SHA-256 (64 lower-case hex digits) of the canonical result without `content_hash`. */
  content_hash: string;
}
