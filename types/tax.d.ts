// Op `tax` (docs/core-api.md, "Op `tax`"): the tax of a document's lines for one seller and
// one customer on one date. `invoice` and `quote` take the document fields as their `tax`.
import type {
  CivilDate,
  Count,
  CurrencyCode,
  DecimalString,
  Instant,
  Percent,
  RoundingMode,
  TimeZoneName,
} from './common.js';

/** Which rate applies (default `standard`). */
export type TaxCategory =
  | 'standard'
  | 'reduced'
  | 'super_reduced'
  | 'increased'
  | 'digital_services'
  | 'zero_rated'
  | 'exempt';

/**
 * A product tax code (docs/core-api.md, Op `tax`, "Product tax codes"): a finer class than the
 * category whose own rate, where the dataset has one for the place and date, replaces the
 * category's (`groceries` in Sweden from 2026-04-01 to 2027-12-31; `tobacco` and `pan_masala`
 * in India). Elsewhere the line's category applies.
 */
export type TaxCode = 'groceries' | 'pan_masala' | 'tobacco';

/** Whether an amount excludes tax (default) or includes it. */
export type TaxBehavior = 'exclusive' | 'inclusive';

/** Why a line is taxed as it is. */
export type TaxabilityReason =
  | 'standard_rated'
  | 'reduced_rated'
  | 'zero_rated'
  | 'reverse_charge'
  | 'customer_exempt'
  | 'not_collecting'
  | 'not_subject_to_tax'
  | 'product_exempt';

/** Where rounding happens: per line and component (default), or once per breakdown entry. */
export type TaxRoundingLevel = 'line' | 'invoice';

/**
 * What a tax-inclusive line rounds: its tax (default; net = gross − tax) or its net (tax =
 * gross − net, Zuora's way). `net` needs `tax_rounding: 'line'`.
 */
export type InclusiveRounding = 'tax' | 'net';

/** `exempt`: the customer pays no tax; `reverse`: the customer accounts for it (reverse charge). */
export type CustomerTaxExemption = 'none' | 'exempt' | 'reverse';

/** An ISO 3166-1 alpha-2 country code, upper case (`"GB"`, never `"UK"`). */
export type CountryCode = string;

export interface TaxSeller {
  country: CountryCode;
  /** For `CA` and `US` a province or state code (`"QC"`, `"NY"`); free text elsewhere. */
  region?: string;
  /**
   * Where the seller collects tax: countries, `"EU"` (One-Stop Shop), `"CA-QC"`, `"US-NY"`, ...
   * Default: its country (not for the US) and its province or state. `[]`: nowhere.
   */
  registrations?: string[];
}

export interface TaxCustomer {
  country: CountryCode;
  /** Required for `CA` and `US` (a known province or state). */
  region?: string;
  /**
   * Recognises territories whose tax is not their country's (Aland, Buesingen, the French
   * overseas departments, the Canary Islands, ...): taxed as their VAT area, not subject, or
   * refused when not modelled (docs/core-api.md, Op `tax`, "Territories").
   */
  postal_code?: string;
  /** A VAT/GST number, not empty. */
  tax_id?: string;
  /** The caller validated `tax_id` (default `false`); an unvalidated id counts as a consumer. */
  tax_id_validated?: boolean;
  tax_exempt?: CustomerTaxExemption;
}

/** One tax of a provider's answer. */
export interface TaxComponentRate {
  jurisdiction: string;
  name: string;
  rate: Percent;
}

/** Rates decided outside the core (a tax provider) for one line. */
export interface TaxRateOverride {
  /** The index of a line, at most one entry per line. */
  line: Count;
  /** Default: `standard_rated` when a component's rate is above 0, else `zero_rated`. */
  taxability_reason?: TaxabilityReason;
  /** The line's place of supply (default the first component's jurisdiction). */
  jurisdiction?: string;
  /** Required for reasons with tax components, refused for the others. */
  components?: TaxComponentRate[];
}

/** The tax date: the date itself, or an instant and the zone whose local date it is. */
export type TaxDate =
  | {
      /** From `2020-01-01`. */
      tax_date: CivilDate;
      tax_point?: never;
      time_zone?: never;
    }
  | {
      /** The moment of the tax point. */
      tax_point: Instant;
      /** The zone in which to read `tax_point`'s date. */
      time_zone: TimeZoneName;
      tax_date?: never;
    };

/** The document fields of a tax computation: the `tax` object of `invoice` and `quote`. */
export type TaxDocument = TaxDate & {
  tax_rounding?: TaxRoundingLevel;
  inclusive_rounding?: InclusiveRounding;
  seller: TaxSeller;
  customer: TaxCustomer;
  /** Rates from a tax provider; lines without an entry use the core's dataset. */
  rates?: TaxRateOverride[];
};

/** A line to tax. */
export interface TaxLine {
  /** At the currency's minor unit; negative for a credit. Includes tax when `inclusive`. */
  amount: DecimalString;
  /** Default `"0"`: the sign of `amount` and at most its magnitude, taken off before tax. */
  discount_amount?: DecimalString;
  tax_category?: TaxCategory;
  tax_behavior?: TaxBehavior;
  tax_code?: TaxCode;
}

/** The fields of a `tax` request (what `rc.tax()` takes). */
export type TaxRequest = TaxDocument & {
  currency: CurrencyCode;
  /** Used at every tax rounding point (default `half_up`). */
  rounding?: RoundingMode;
  /** May be empty. */
  lines: TaxLine[];
};

/** One tax of a taxed line. */
export interface TaxComponent {
  jurisdiction: string;
  name: string;
  rate: Percent;
  /** The line's net. */
  taxable_amount: DecimalString;
  tax_amount: DecimalString;
}

/** A taxed line: net + tax = gross exactly. */
export interface TaxedLine {
  /** As given. */
  amount: DecimalString;
  discount_amount: DecimalString;
  net_amount: DecimalString;
  /** The sum of the components' taxes. */
  tax_amount: DecimalString;
  gross_amount: DecimalString;
  tax_category: TaxCategory;
  tax_behavior: TaxBehavior;
  /** Echoed when given. */
  tax_code?: TaxCode;
  taxability_reason: TaxabilityReason;
  /** The place of supply (`"FR"`, `"CA-QC"`); absent outside every VAT area or when a provider gave none. */
  jurisdiction?: string;
  components: TaxComponent[];
  rates_from: 'dataset' | 'request';
}

/** One entry of the tax summary per (jurisdiction, name, rate, reason). */
export interface TaxBreakdownEntry {
  jurisdiction: string;
  name: string;
  rate: Percent;
  taxability_reason: TaxabilityReason;
  /** The sum of the lines' nets. */
  taxable_amount: DecimalString;
  tax_amount: DecimalString;
}

export interface TaxResult {
  currency: CurrencyCode;
  /** The tax date used. */
  tax_date: CivilDate;
  rounding: RoundingMode;
  tax_rounding: TaxRoundingLevel;
  /** Echoed only when `net`. */
  inclusive_rounding?: 'net';
  /** One per input line, in order. */
  lines: TaxedLine[];
  /** In order of first appearance; zero-rated and reverse-charged lines appear with rate 0. */
  breakdown: TaxBreakdownEntry[];
  /** Sums over the lines: net + tax = gross. */
  totals: TaxTotals;
}

/** Sums over a document's lines. */
export interface TaxTotals {
  discount_amount: DecimalString;
  net_amount: DecimalString;
  tax_amount: DecimalString;
  gross_amount: DecimalString;
}
