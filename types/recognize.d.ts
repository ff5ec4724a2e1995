// Op `recognize` (docs/core-api.md, "Op `recognize`"): a revenue recognition schedule.
import type { CurrencyCode, DecimalString, Identifier, Instant, TimeZoneName } from './common.js';

export type RecognitionGranularity = 'month' | 'day';

/** Recognized ratably, day by day, over its service period. */
export interface SubscriptionRevenue {
  kind: 'subscription';
  service_start: Instant;
  /** After `service_start`. */
  service_end: Instant;
}

/** Recognized entirely on the day of delivery. */
export interface PointInTimeRevenue {
  kind: 'one_off' | 'usage';
  /** When the goods or service are delivered. */
  recognized_at: Instant;
}

/** A bundle item: its kind's time fields and the price it sells for on its own. */
export type BundleItem = (SubscriptionRevenue | PointInTimeRevenue) & {
  /** Unique among lines and bundle items. */
  id: Identifier;
  /** ≥ 0, at the minor unit; at least one item's must be positive. */
  standalone_price: DecimalString;
};

/** A bundle, whose amount is allocated to its items by standalone selling price. */
export interface BundleRevenue {
  kind: 'bundle';
  /** Not empty. */
  items: BundleItem[];
}

/** One invoice line. */
export type RevenueLine = (SubscriptionRevenue | PointInTimeRevenue | BundleRevenue) & {
  /** Unique among lines and bundle items. */
  id: Identifier;
  /** ≥ 0, the invoiced amount at the currency's minor unit. */
  amount: DecimalString;
  /** When the amount enters deferred revenue (default the service start, or `recognized_at`). */
  invoiced_at?: Instant;
};

/** A credit note or refund of a line, a bundle or a bundle item. */
export interface RevenueReversal {
  /** The id of a line, bundle or bundle item. */
  line: Identifier;
  /** > 0, at the minor unit; a line's reversals may not exceed its amount. */
  amount: DecimalString;
  at: Instant;
}

/** The fields of a `recognize` request (what `rc.recognize()` takes). */
export interface RecognizeRequest {
  currency: CurrencyCode;
  /** The billing time zone, where days and months begin (default `"UTC"`). */
  time_zone?: TimeZoneName;
  granularity?: RecognitionGranularity;
  /** May be empty. */
  lines: RevenueLine[];
  reversals?: RevenueReversal[];
}

/** `"2024-01"` (month) or `"2024-01-15"` (day). */
export type PeriodLabel = string;

export interface RecognitionPeriod {
  period: PeriodLabel;
  /** The instants of the period's local midnights. */
  start: Instant;
  end: Instant;
  recognized: DecimalString;
  /** Invoiced minus recognized up to the period's end; negative for unbilled revenue. */
  deferred: DecimalString;
}

/** A line's (or bundle item's) schedule. */
export interface RecognizedLine {
  id: Identifier;
  kind: 'subscription' | 'one_off' | 'usage';
  /** The line's amount, or the item's allocated share of its bundle. */
  amount: DecimalString;
  /** The sum of its reversals. */
  reversed: DecimalString;
  /** The periods where its net recognized amount is not zero; they sum to `amount − reversed`. */
  schedule: Array<{ period: PeriodLabel; recognized: DecimalString }>;
  /** Bundle items only: the bundle's id, the item's standalone price, and price − share. */
  bundle?: Identifier;
  standalone_price?: DecimalString;
  discount?: DecimalString;
}

export interface RecognizeResult {
  currency: CurrencyCode;
  granularity: RecognitionGranularity;
  time_zone: TimeZoneName;
  /** Line amounts minus reversals: the periods' `recognized` sum to it. */
  total: DecimalString;
  /** Every period from the first to the last one anything happens in. */
  periods: RecognitionPeriod[];
  /** One per line, bundle items in place of their bundle, in request order. */
  lines: RecognizedLine[];
}
