// Billing schedules, shared by `periods`, `prorate`, `quote` and `entitlements`, and op
// `periods` (docs/core-api.md, "Op `periods`").
import type { CivilDate, Count, Instant, LocalDateTime, TimeZoneName } from './common.js';

/** The length of a billing cycle's interval. */
export type BillingInterval = 'day' | 'week' | 'month' | 'year';

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** Calendar alignment with chosen values; `{}` is `"calendar"`. */
export interface BillingAnchorFields {
  /** 1..31, monthly and yearly schedules only (default 1); clamped to shorter months. */
  day_of_month?: Count;
  /** 1..12, monthly and yearly schedules only (default 1). */
  month?: Count;
  /** Weekly schedules only (default `"monday"`). */
  weekday?: Weekday;
  /** Local time of day `"HH:MM:SS"` (default `"00:00:00"`). */
  time?: string;
}

/**
 * Where cycles start: `"anniversary"` (default: the billing start's local date and time),
 * `"calendar"` (calendar boundaries at local midnight), an instant (Stripe's
 * `billing_cycle_anchor`) or calendar alignment with chosen values.
 */
export type BillingAnchor = 'anniversary' | 'calendar' | (Instant & {}) | BillingAnchorFields;

/** A subscription's billing schedule (docs/core-api.md, "Billing schedules"). */
export interface BillingSchedule {
  /** When the subscription (and its trial) starts. */
  start: Instant;
  /** After `start`: a free trial `[start, trial_end)`; billing starts at `trial_end`. */
  trial_end?: Instant;
  interval: BillingInterval;
  /** 1..1000 (default 1): a cycle is this many intervals. */
  interval_count?: Count;
  /** The billing zone (default `"UTC"`). */
  time_zone?: TimeZoneName;
  billing_anchor?: BillingAnchor;
}

/** Which periods to list: at most `count`, or those starting before `until`, not both. */
export type PeriodsWindow =
  | {
      /** 1..1000: list at most this many periods (1 when neither `count` nor `until` is given). */
      count?: Count;
      until?: never;
    }
  | {
      /** List the periods that start before `until` (`LIMIT_EXCEEDED` beyond 1000). */
      until: Instant;
      count?: never;
    };

/** The fields of a `periods` request (what `rc.periods()` takes). */
export type PeriodsRequest = BillingSchedule &
  PeriodsWindow & {
    /** After `start`: the subscription ends here and the period holding it is cut short. */
    cancel_at?: Instant;
    /** The list begins with the period holding `from` (default `start`). */
    from?: Instant;
  };

interface PeriodBounds {
  /** `[start, end)` as UTC instants. */
  start: Instant;
  end: Instant;
  /** The local dates of `start` and `end` in the billing zone. */
  start_date: CivilDate;
  end_date: CivilDate;
  start_local: LocalDateTime;
  end_local: LocalDateTime;
}

/** A free trial: not numbered. */
export interface TrialPeriod extends PeriodBounds {
  kind: 'trial';
}

/** A whole billing cycle. */
export interface FullPeriod extends PeriodBounds {
  kind: 'full';
  /** 0 for the first billed period, then one more per cycle. */
  number: Count;
}

/** The first cycle when billing starts between boundaries, or the last one cut by `cancel_at`. */
export interface PartialPeriod extends PeriodBounds {
  kind: 'partial';
  number: Count;
  /** The whole cycle the period is part of. */
  cycle_start: Instant;
  cycle_end: Instant;
}

export type BillingPeriod = TrialPeriod | FullPeriod | PartialPeriod;

export interface PeriodsResult {
  /** In order; each period's `start` is the previous one's `end`. */
  periods: BillingPeriod[];
  /** `false` when the list ends where the subscription ends (`cancel_at`). */
  has_more: boolean;
  /** The billing zone, as named in the request. */
  time_zone: TimeZoneName;
}
