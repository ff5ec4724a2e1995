// Op `aggregate` (docs/core-api.md, "Op `aggregate`"): usage events rolled up per billable
// metric for a period, in mergeable chunks.
import type { Count, DecimalString, Identifier, Instant, JsonValue, Quantity, RoundingMode, TimeRange } from './common.js';

export type Aggregation = 'sum' | 'count' | 'max' | 'unique_count' | 'latest' | 'weighted_sum';

/** The unit of a `weighted_sum` (default `hour`); `period` gives the time-weighted average. */
export type TimeUnit = 'second' | 'minute' | 'hour' | 'day' | 'period';

/** A filter or `unique_count` value: `42` and `"42"` are the same value. */
export type PropertyValue = string | number;

interface MetricBase {
  /** Names the aggregate in the result (and the usage of invoice items); distinct per request. */
  code: Identifier;
  /** The metric reads events with this `event_name`. */
  event_name: Identifier;
  /**
   * Property → allowed values (at most 20 properties of at most 1,000 values): an event
   * matches when it has every filtered property with one of its allowed values.
   */
  filters?: { [property: string]: PropertyValue[] };
}

/** A billable metric: what to aggregate over which events. */
export type Metric =
  | (MetricBase & { aggregation: 'count' })
  | (MetricBase & {
      aggregation: 'sum' | 'max' | 'unique_count' | 'latest';
      /** The event property holding the value. */
      property: Identifier;
    })
  | (MetricBase & {
      aggregation: 'weighted_sum';
      property: Identifier;
      /** The level at the period start (any sign, default `"0"`). */
      initial_value?: Quantity;
      time_unit?: TimeUnit;
    });

/** A usage event. */
export interface UsageEvent {
  /** The event's idempotency key: later events with the same id are skipped. */
  id: Identifier;
  event_name: Identifier;
  timestamp: Instant;
  /** Only the properties a metric reads are validated; others may hold any JSON. */
  properties?: { [property: string]: JsonValue };
}

/** The mergeable state of one metric; its fields depend on the aggregation. */
export interface MetricState {
  code: Identifier;
  event_count: Count;
  /** `sum`. */
  sum?: DecimalString;
  /** `max`: null before the first event. */
  max?: DecimalString | null;
  /** `unique_count`: the distinct values. */
  values?: string[];
  /** `latest`: null before the first event. */
  latest?: { event_id: Identifier; timestamp: Instant; value: DecimalString } | null;
  /** `weighted_sum`: the net change and Σ change × seconds from the event to the period end. */
  change?: DecimalString;
  weighted_change?: DecimalString;
}

/** Everything counted so far: store it and pass it back unchanged in `partials`. */
export interface AggregatePartial {
  /** SHA-256 of the period, `keep_event_ids` and the metric definitions. */
  fingerprint: string;
  metrics: MetricState[];
  /** The sorted ids counted; absent when `keep_event_ids` is false. */
  event_ids?: Identifier[];
}

/** The fields of an `aggregate` request (what `rc.aggregate()` takes). */
export interface AggregateRequest {
  /** An event counts when `start` ≤ timestamp < `end`. */
  period: TimeRange;
  /** 1 to 100, distinct codes. */
  metrics: Metric[];
  /** At most 100,000 (default none). */
  events?: UsageEvent[];
  /** The `partial` of earlier results of the same aggregation, merged first (at most 1,000). */
  partials?: AggregatePartial[];
  /** Default `true`: the partial lists the ids it counted, so retries across chunks are skipped. */
  keep_event_ids?: boolean;
  /** Used only by `weighted_sum`, to 12 fractional digits (default `half_up`). */
  rounding?: RoundingMode;
}

interface AggregateBase {
  code: Identifier;
  /** A canonical decimal string, ready to be an invoice usage `value`. */
  value: DecimalString;
  /** The events counted. */
  event_count: Count;
}

/** One metric's aggregate; it can be passed unchanged as an invoice's usage entry. */
export type MetricAggregate =
  | (AggregateBase & { aggregation: Exclude<Aggregation, 'weighted_sum'> })
  | (AggregateBase & {
      aggregation: 'weighted_sum';
      /** The level at the period end, to carry into the next period as `initial_value`. */
      final_value: DecimalString;
      time_unit: TimeUnit;
    });

export interface AggregateResult {
  period: TimeRange;
  /** One per metric, in request order. */
  aggregates: MetricAggregate[];
  partial: AggregatePartial;
}
