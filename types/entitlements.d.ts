// Op `entitlements` (docs/core-api.md, "Op `entitlements`"): what a customer may use now.
import type { Count, DecimalString, Identifier, Instant, Quantity } from './common.js';
import type { BillingSchedule } from './periods.js';

export type FeatureKind = 'boolean' | 'limit' | 'metered';

/** `hard` (default) denies use past the limit or balance; `soft` allows it and reports overage. */
export type OveragePolicy = 'hard' | 'soft';

/** When a metered balance resets (default `billing_period`). */
export type ResetInterval = 'billing_period' | 'never' | 'day' | 'week' | 'month' | 'year';

/** At a reset, up to `max` unused units carry into the next period; `{}` carries all. */
export interface Rollover {
  max?: Quantity;
}

/** An amount, or `unlimited: true`, not both. */
type LimitAmount = { limit: Quantity; unlimited?: false } | { unlimited: true; limit?: never };
type IncludedAmount = { included?: Quantity; unlimited?: false } | { unlimited: true; included?: never };
type AddedIncludedAmount = { included: Quantity; unlimited?: false } | { unlimited: true; included?: never };

interface MeteredTerms {
  overage?: OveragePolicy;
  reset?: ResetInterval;
  /** 1..1000 (default 1), for `day`, `week`, `month` and `year` resets. */
  reset_interval_count?: Count;
  rollover?: Rollover;
  /** 0..1000 (default 100): the included allowance's consumption priority. */
  priority?: Count;
}

/** A feature of the plan: its key (unique in the plan), kind and terms. */
export type PlanFeature =
  | {
      key: Identifier;
      kind: 'boolean';
      /** Default `true`. */
      enabled?: boolean;
    }
  | ({ key: Identifier; kind: 'limit'; overage?: OveragePolicy } & LimitAmount)
  | ({ key: Identifier; kind: 'metered' } & MeteredTerms & IncludedAmount);

/**
 * The customer's terms replacing the plan's: any terms of the feature's kind. `kind` may be
 * left out for a plan feature (it must match when given) and is required for a new one.
 */
export type FeatureOverride =
  | { key: Identifier; kind?: 'boolean'; enabled?: boolean }
  | ({ key: Identifier; kind?: 'limit'; overage?: OveragePolicy } & Partial<LimitAmount>)
  | ({ key: Identifier; kind?: 'metered' } & MeteredTerms & IncludedAmount);

/** What an add-on adds to a feature, `quantity` times: amounts only. */
export type AddOnFeature =
  | {
      key: Identifier;
      kind?: 'boolean';
      /** Default `true`: turns the feature on. */
      enabled?: boolean;
    }
  | ({ key: Identifier; kind?: 'limit' } & LimitAmount)
  | ({ key: Identifier; kind?: 'metered' } & AddedIncludedAmount);

export interface AddOn {
  id: Identifier;
  /** 1..1,000,000 (default 1). */
  quantity?: Count;
  features: AddOnFeature[];
}

/** Extra entitlement for a while. */
export interface Grant {
  /** Unique. */
  id: Identifier;
  /** A feature the plan, an override or an add-on defines. */
  feature: Identifier;
  /** > 0; required for limit and metered features, refused for boolean ones. */
  amount?: Quantity;
  /** 0..1000 (default 100): lower is consumed first. */
  priority?: Count;
  /** Default: always effective. */
  effective_at?: Instant;
  /** Exclusive, after `effective_at` (default: never). */
  expires_at?: Instant;
  /** Metered features that reset only: refilled with `amount` at each reset (default `false`). */
  recurring?: boolean;
  /** Metered features that reset only: how much of the unused balance a reset carries over. */
  rollover?: Rollover;
}

/**
 * Usage of a metered feature (`amount` consumed `at`), or the current level of a limit
 * feature (`amount`, without `at`).
 */
export interface EntitlementUsage {
  feature: Identifier;
  /** ≥ 0. */
  amount: Quantity;
  /** Metered features: when the units were used (not after the request's `at`). */
  at?: Instant;
}

/** Makes a limit feature a seat feature; the list's order is the order of assignment. */
export interface SeatAssignment {
  feature: Identifier;
  assignee: Identifier;
}

interface EntitlementsInput {
  /** The time of the decision. */
  at: Instant;
  /** `features` may be empty. */
  plan: { features: PlanFeature[] };
  overrides?: FeatureOverride[];
  add_ons?: AddOn[];
  /** The subscription's billing schedule; required when a metered feature resets. */
  billing?: BillingSchedule;
  grants?: Grant[];
  seat_assignments?: SeatAssignment[];
  usage?: EntitlementUsage[];
}

/** Every feature: `{at, features}`. */
export interface EntitlementsListRequest extends EntitlementsInput {
  feature?: never;
  amount?: never;
  assignee?: never;
  seats?: never;
  assign?: never;
}

/**
 * One feature, and optionally one question: an amount about to be used, one seat holder, how
 * many more seats may be assigned, or whether one person may be assigned a seat.
 */
export type EntitlementCheckRequest = EntitlementsInput & { feature: Identifier } & (
    | {
        /** > 0: the units about to be used (limit and metered features). */
        amount?: Quantity;
        assignee?: never;
        seats?: never;
        assign?: never;
      }
    | {
        /** Whether this assignee holds one of the feature's seats (limit features). */
        assignee: Identifier;
        amount?: never;
        seats?: never;
        assign?: never;
      }
    | {
        /** 1..1000000: may this many more seats be assigned? (limit features) */
        seats: Count;
        amount?: never;
        assignee?: never;
        assign?: never;
      }
    | {
        /** May this person be assigned a seat? (limit features) */
        assign: Identifier;
        amount?: never;
        assignee?: never;
        seats?: never;
      }
  );

/** The fields of an `entitlements` request (what `rc.entitlements()` takes). */
export type EntitlementsRequest = EntitlementsListRequest | EntitlementCheckRequest;

interface EntitlementBase {
  feature: Identifier;
  has_access: boolean;
}

export interface BooleanEntitlement extends EntitlementBase {
  kind: 'boolean';
  /** Present only when `has_access` is false. */
  reason?: 'disabled';
  limit: null;
  usage: null;
  balance: null;
  overage: null;
  next_reset_at: null;
}

export interface LimitEntitlement extends EntitlementBase {
  kind: 'limit';
  reason?: 'limit_exceeded' | 'not_assigned';
  /** The limit plus effective grants; null if unlimited. */
  limit: DecimalString | null;
  /** The current level (seat features: the assignees). */
  usage: DecimalString;
  /** max(0, limit − usage); null if unlimited. */
  balance: DecimalString | null;
  /** max(0, usage − limit). */
  overage: DecimalString;
  next_reset_at: null;
  /** Seat features only: the assignees beyond a hard limit. */
  denied_assignees?: Identifier[];
  /** With `seats` or `assign`: whole seats free now, `floor(limit − usage)` ≥ 0; null if unlimited. */
  seats_available?: DecimalString | null;
  /** With `seats`: the whole seats lacking for the request (`"0"` when enough; under a soft limit, the seats that become overage). */
  seats_missing?: DecimalString;
  /** With `assign`: the person is already among the assignees. */
  already_assigned?: boolean;
}

/** A grant's balance, in consumption order. */
export interface GrantBalance {
  id: Identifier;
  balance: DecimalString;
  expires_at: Instant | null;
}

export interface MeteredEntitlement extends EntitlementBase {
  kind: 'metered';
  reason?: 'insufficient_balance';
  /** What this period made available; null if unlimited. */
  limit: DecimalString | null;
  /** Consumed since the period started. */
  usage: DecimalString;
  /** Left across the allowance and effective grants; null if unlimited. */
  balance: DecimalString | null;
  /** This period's usage no balance covered. */
  overage: DecimalString;
  /** The next reset, or null for `never`. */
  next_reset_at: Instant | null;
  /** Effective grants in consumption order (absent when unlimited). */
  grants?: GrantBalance[];
}

/** A single-feature check of a feature nobody defines. */
export interface NotEntitled extends EntitlementBase {
  kind: null;
  has_access: false;
  reason: 'not_entitled';
  limit: null;
  usage: null;
  balance: null;
  overage: null;
  next_reset_at: null;
}

/** One feature's entitlement; quantities are canonical decimal strings. */
export type FeatureEntitlement = BooleanEntitlement | LimitEntitlement | MeteredEntitlement;

/** The answer to a request without `feature`: every defined feature, sorted by key. */
export interface EntitlementsList {
  at: Instant;
  features: FeatureEntitlement[];
}

/** The answer to a single-feature check, with the `amount`, `assignee`, `seats` or `assign` asked about. */
export type EntitlementCheck = (FeatureEntitlement | NotEntitled) & {
  amount?: DecimalString;
  assignee?: Identifier;
  seats?: Count;
  assign?: Identifier;
};

export type EntitlementsResult = EntitlementsList | EntitlementCheck;
