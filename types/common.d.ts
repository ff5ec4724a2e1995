// Value types shared by every op's request and result (docs/core-api.md, "Numbers").
// Exact decimals travel as strings, never as JavaScript numbers with fractions.

/** Money or another exact decimal as a string: `"12.50"`, `"0.0005"`, `"-3"`. */
export type DecimalString = string;
/** A quantity: a decimal string (`"100.5"`) or an integer JSON number (`100`). */
export type Quantity = DecimalString | number;
/** A percentage from `"0"` to `"100"` as a decimal string: `"2.9"` is 2.9 %. */
export type Percent = DecimalString;
/** A whole number of things (periods, events, a priority): an integer JSON number. */
export type Count = number;
/** An ISO 4217 currency code such as `"USD"`, `"JPY"` or `"BHD"`. */
export type CurrencyCode = string;
/** How amounts are rounded to the currency's minor unit (default `half_up`). */
export type RoundingMode = 'half_up' | 'half_even' | 'up' | 'down';
/**
 * An RFC 3339 instant with seconds and an offset: `"2026-01-31T09:30:00Z"`,
 * `"2026-01-31T10:30:00+01:00"`. Results give instants in UTC (`Z`).
 */
export type Instant = string;
/** A civil date, `"YYYY-MM-DD"`. */
export type CivilDate = string;
/** A local date and time without offset, `"YYYY-MM-DDTHH:MM:SS"`. */
export type LocalDateTime = string;
/**
 * A time zone: an IANA name of the core's compiled tzdata (`"Europe/Berlin"`, exact case) or a
 * fixed offset (`"+05:30"`).
 */
export type TimeZoneName = string;
/** An id or code: a non-empty string of at most 255 bytes. */
export type Identifier = string;

/** Any JSON value (what an event's `properties` may hold besides the properties read). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `[start, end)` as two instants. */
export interface TimeRange {
  start: Instant;
  end: Instant;
}

/** A period with the local dates of its bounds (`end_date` is the date of the exclusive end). */
export interface DatedTimeRange extends TimeRange {
  start_date: CivilDate;
  end_date: CivilDate;
}

/** An exact fraction, reduced, its parts as decimal integer strings. */
export interface Fraction {
  numerator: DecimalString;
  denominator: DecimalString;
}
