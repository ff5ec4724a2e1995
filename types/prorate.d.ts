// Op `prorate` (docs/core-api.md, "Op `prorate`"): the proration of a mid-cycle change.
import type { CurrencyCode, DatedTimeRange, DecimalString, Fraction, Instant, Quantity, RoundingMode } from './common.js';
import type { BillingSchedule } from './periods.js';
import type { QuantityPrice } from './price.js';

/** How the rest of the cycle is measured (default `"second"`). */
export type ProrationConvention = 'second' | 'day' | 'actual_360' | '30_360';

/**
 * `create_prorations` (default): lines for the next invoice; `always_invoice`: the same lines,
 * to invoice at once; `none`: no lines, but still the factor and direction.
 */
export type ProrationBehavior = 'create_prorations' | 'none' | 'always_invoice';

/** When a downgrade takes effect (default `"immediately"`); upgrades always apply at once. */
export type DowngradeTiming = 'immediately' | 'period_end';

export type ChangeDirection = 'upgrade' | 'downgrade' | 'unchanged';

/** An item of the subscription before or after the change. */
export interface ProrationItem {
  /** Non-empty, unique within its list; pairs an old item with a new one. */
  id: string;
  /** Any price but `percentage` (usage charged in arrears is not prorated). */
  price: QuantityPrice;
  /** ≥ 0, default 1. */
  quantity?: Quantity;
}

/** The fields of a `prorate` request (what `rc.prorate()` takes). */
export interface ProrateRequest {
  currency: CurrencyCode;
  /** The billing schedule, exactly the fields of `BillingSchedule`. */
  schedule: BillingSchedule;
  /** When the change happens; not before `schedule.start`. */
  change_at: Instant;
  convention?: ProrationConvention;
  behavior?: ProrationBehavior;
  downgrade_timing?: DowngradeTiming;
  /** The items before the change (may be empty). */
  old_items: ProrationItem[];
  /** The items after the change (may be empty: a cancellation). */
  new_items: ProrationItem[];
  /** Applied to each line once (default `half_up`). */
  rounding?: RoundingMode;
}

/** A credit for an old item's unused time or a charge for a new item's rest of the cycle. */
export interface ProrationLine {
  item: string;
  kind: 'credit' | 'charge';
  quantity: DecimalString;
  /** The item's charge for a whole cycle, rounded (for display). */
  cycle_amount: DecimalString;
  /** ± the cycle charge × the factor, rounded once; negative for credits. */
  amount: DecimalString;
  /** The prorated time `[start, end)`: `change_at` to the cycle end. */
  start: Instant;
  end: Instant;
}

export interface ProrateResult {
  lines: ProrationLine[];
  /** The sum of the rounded lines. */
  total: DecimalString;
  /** The exact remaining fraction of the cycle, in [0, 1]; 0 in a trial. */
  factor: Fraction;
  /** The whole cycle holding `change_at`; absent in a trial. */
  cycle?: DatedTimeRange;
  direction: ChangeDirection;
  /** `change_at`, or the cycle end for a deferred downgrade. */
  effective_at: Instant;
  in_trial: boolean;
  /** `always_invoice` with lines: invoice them now. */
  invoice_now: boolean;
  behavior: ProrationBehavior;
  change_at: Instant;
  convention: ProrationConvention;
  currency: CurrencyCode;
  rounding: RoundingMode;
}
