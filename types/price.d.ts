// Op `price` (docs/core-api.md, "Op `price`"): price objects, also used by invoice, quote and
// prorate items, and the lines a charge is split into.
import type { CurrencyCode, DecimalString, Percent, Quantity, RoundingMode } from './common.js';

export interface Tier {
  /** Inclusive upper bound of the tier; `null` on the last tier and only there. */
  up_to: Quantity | null;
  unit_amount?: DecimalString;
  flat_amount?: DecimalString;
  /** `graduated_percentage` tiers only. */
  rate?: Percent;
}

export type Price =
  | { model: 'flat'; amount: DecimalString }
  | { model: 'per_unit'; unit_amount: DecimalString }
  | { model: 'package'; package_size: Quantity; package_amount: DecimalString; free_units?: Quantity }
  | { model: 'graduated' | 'volume'; tiers: Tier[] }
  | { model: 'stairstep'; tiers: Array<{ up_to: Quantity | null; flat_amount: DecimalString }> }
  | {
      model: 'percentage';
      rate: Percent;
      fixed_amount?: DecimalString;
      free_units_per_events?: number;
      free_units_per_total_aggregation?: Quantity;
      per_transaction_min?: DecimalString;
      per_transaction_max?: DecimalString;
    }
  | { model: 'graduated_percentage'; tiers: Array<{ up_to: Quantity | null; rate: Percent; flat_amount?: DecimalString }> };

export type PriceModel = Price['model'];

/** The fields of a `price` request (what `rc.price()` takes). */
export interface PriceRequest {
  currency: CurrencyCode;
  price: Price;
  /** Required except for `flat` (optional), `percentage` (refused: use `events`) and with `quantities`. */
  quantity?: Quantity;
  /** `percentage` only: one amount per transaction, in order. */
  events?: Quantity[];
  rounding?: RoundingMode;
}

/** A prepared price: one price applied to each of up to 10,000 quantities (not `percentage`). */
export interface PriceQuantitiesRequest {
  currency: CurrencyCode;
  price: QuantityPrice;
  quantities: Quantity[];
  quantity?: never;
  events?: never;
  rounding?: RoundingMode;
}

/** One result per quantity, in order, each the result of a request with that `quantity`. */
export interface PriceQuantitiesResult {
  results: PriceResult[];
}

/** One part of a price's total; lines sum exactly to the total. */
export type PriceLine =
  | { kind: 'flat'; amount: DecimalString }
  | { kind: 'unit'; amount: DecimalString; quantity: DecimalString; unit_amount: DecimalString }
  | {
      kind: 'package';
      amount: DecimalString;
      quantity: DecimalString;
      free_units: DecimalString;
      billable_quantity: DecimalString;
      package_size: DecimalString;
      packages: DecimalString;
      package_amount: DecimalString;
    }
  | {
      kind: 'tier';
      amount: DecimalString;
      tier_index: number;
      up_to: DecimalString | null;
      /** The part of the quantity inside this tier. */
      quantity: DecimalString;
      flat_amount: DecimalString;
      unit_amount?: DecimalString;
      rate?: Percent;
    }
  | { kind: 'percentage'; amount: DecimalString; rate: Percent; base_amount: DecimalString }
  | { kind: 'fixed_fee'; amount: DecimalString; events: number; fixed_amount: DecimalString }
  | {
      kind: 'transaction_limits';
      amount: DecimalString;
      per_transaction_min: DecimalString | null;
      per_transaction_max: DecimalString | null;
    };

export interface PriceResult {
  /** The total, rounded once to the currency's minor unit. */
  amount: DecimalString;
  currency: CurrencyCode;
  lines: PriceLine[];
  model: PriceModel;
  /** The quantity (canonical); for `percentage` the sum of the events. Absent for `flat` without one. */
  quantity?: DecimalString;
  rounding: RoundingMode;
  /** `percentage` only: how many events, and how many the free units covered entirely. */
  events?: number;
  free_events?: number;
}

/** A price charged on a quantity: every model but `percentage`, which is charged on events. */
export type QuantityPrice = Exclude<Price, { model: 'percentage' }>;
