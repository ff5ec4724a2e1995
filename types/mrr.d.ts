// Op `mrr` (docs/core-api.md, "Op `mrr`"): monthly recurring revenue in one reporting currency
// and how it moved between two snapshots.
import type { Count, CurrencyCode, DecimalString, Identifier, Percent, Quantity, RoundingMode } from './common.js';

export type MrrInterval = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** `trialing`, `paused` and `canceled` contribute 0; `past_due` still counts. */
export type SubscriptionStatus = 'active' | 'past_due' | 'trialing' | 'paused' | 'canceled';

/** `metered` contributes 0 unless the request has `include_metered: true`. */
export type UsageType = 'licensed' | 'metered';

/** The discount in force at the snapshot: a percentage or an amount per billing interval. */
export type MrrDiscount = { percent_off: Percent; amount_off?: never } | { amount_off: DecimalString; percent_off?: never };

export interface MrrSubscription {
  /** Unique within its snapshot; the same id in both snapshots is the same subscription. */
  id: Identifier;
  customer: Identifier;
  currency: CurrencyCode;
  /** ≥ 0: the price of one unit for one billing interval, before discounts. */
  unit_amount: DecimalString;
  /** ≥ 0, default 1. */
  quantity?: Quantity;
  interval: MrrInterval;
  /** 1..1000 (default 1). */
  interval_count?: Count;
  status?: SubscriptionStatus;
  usage_type?: UsageType;
  discount?: MrrDiscount;
}

/** The fields of an `mrr` request (what `rc.mrr()` takes). */
export interface MrrRequest {
  /** The reporting currency. */
  currency: CurrencyCode;
  /**
   * Units of the reporting currency per 1 unit of another currency (`{"EUR": "1.0825"}`), for
   * every other currency a subscription uses.
   */
  fx_rates?: { [currency: string]: DecimalString };
  rounding?: RoundingMode;
  include_metered?: boolean;
  /** Also annual recurring revenue: 12 × the exact MRR, rounded once per customer (default false). */
  include_arr?: boolean;
  /** The earlier snapshot (default empty). */
  previous?: MrrSubscription[];
  /** The later snapshot. */
  current: MrrSubscription[];
  /** Customers who had churned before `previous`: coming back is a reactivation. */
  former_customers?: Identifier[];
}

export type MrrMovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';

export interface MrrMovement {
  /** Negative for contraction and churn. */
  amount: DecimalString;
  customers: Count;
}

export interface CustomerMrr {
  customer: Identifier;
  previous_mrr: DecimalString;
  current_mrr: DecimalString;
  change: DecimalString;
  movement: MrrMovementKind | 'unchanged';
  /** With `include_arr`: the same figures for ARR, its movement classified from them. */
  previous_arr?: DecimalString;
  current_arr?: DecimalString;
  arr_change?: DecimalString;
  arr_movement?: MrrMovementKind | 'unchanged';
}

export interface SubscriptionMrr {
  id: Identifier;
  customer: Identifier;
  /** `"0.00"` in a snapshot without the subscription. */
  previous_mrr: DecimalString;
  current_mrr: DecimalString;
  /** With `include_arr`: its share of the customer's rounded ARR. */
  previous_arr?: DecimalString;
  current_arr?: DecimalString;
}

export interface MrrResult {
  currency: CurrencyCode;
  rounding: RoundingMode;
  previous_mrr: DecimalString;
  current_mrr: DecimalString;
  /** `current_mrr − previous_mrr`: the five movements sum exactly to it. */
  net_change: DecimalString;
  movements: Record<MrrMovementKind, MrrMovement>;
  /** One per customer of either snapshot, sorted by id. */
  customers: CustomerMrr[];
  /** One per subscription id of either snapshot, sorted by id. */
  subscriptions: SubscriptionMrr[];
  /** With `include_arr`: ARR totals, their change, and movements that sum exactly to it. */
  previous_arr?: DecimalString;
  current_arr?: DecimalString;
  net_arr_change?: DecimalString;
  arr_movements?: Record<MrrMovementKind, MrrMovement>;
}
