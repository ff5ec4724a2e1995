// Types of the JavaScript package `ratecard` (Node: lib/index.js; browsers:
// dist/ratecard.browser.mjs). The contract of every op is docs/core-api.md.
//
// Adding an op: describe its request and result below, add it to `OpTypes`, and add its name
// to OP_HELPERS in lib/ratecard.js; `rc.<op>()` and the typed `run`/`evaluate` follow.

// ---------------------------------------------------------------------------------------------
// Numbers: exact decimals travel as strings, never as JavaScript numbers with fractions.

/** Money as a decimal string: `"12.50"`, `"0.0005"`, `"-3"`. */
export type DecimalString = string;
/** A quantity: a decimal string (`"100.5"`) or an integer JSON number (`100`). */
export type Quantity = DecimalString | number;
/** A percentage from `"0"` to `"100"` as a decimal string: `"2.9"` is 2.9 %. */
export type Percent = DecimalString;
/** An ISO 4217 currency code such as `"USD"`, `"JPY"` or `"BHD"`. */
export type CurrencyCode = string;
/** How totals are rounded to the currency's minor unit (default `half_up`). */
export type RoundingMode = 'half_up' | 'half_even' | 'up' | 'down';

// ---------------------------------------------------------------------------------------------
// Envelopes and errors

/** The stable error codes of docs/core-api.md (new ones may be added). */
export type ErrorCode =
  | 'INVALID_JSON'
  | 'UNKNOWN_OP'
  | 'MISSING_FIELD'
  | 'UNKNOWN_FIELD'
  | 'INVALID_TYPE'
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_CURRENCY'
  | 'UNKNOWN_TIME_ZONE'
  | 'OVERFLOW'
  | 'LIMIT_EXCEEDED'
  | 'INTERNAL'
  | (string & {});

/** An error answer: its code, a message for people, and the JSON Pointer of the field at fault. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** JSON Pointer (RFC 6901) into the request, `""` for the request as a whole. */
  path: string;
}

/** What the core answers to every request. */
export type Envelope<Result = unknown> = { ok: true; result: Result } | { ok: false; error: ErrorInfo };

/** An error answer thrown by `rc.run()` and the typed helpers. */
export class BillingError extends Error implements ErrorInfo {
  constructor(error: ErrorInfo);
  readonly name: 'BillingError';
  readonly code: ErrorCode;
  readonly path: string;
}

// ---------------------------------------------------------------------------------------------
// Op `price`

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
  /** Required except for `flat` (optional) and `percentage` (refused: use `events`). */
  quantity?: Quantity;
  /** `percentage` only: one amount per transaction, in order. */
  events?: Quantity[];
  rounding?: RoundingMode;
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

// ---------------------------------------------------------------------------------------------
// Requests

// ---------------------------------------------------------------------------------------------
// Ops whose fields are described in docs/core-api.md but not yet here: their helpers take and
// return plain objects.

/** The fields of a request to an op this file does not describe in detail. */
export interface UntypedRequest {
  [field: string]: unknown;
}

/** The result of an op this file does not describe in detail. */
export interface UntypedResult {
  [field: string]: unknown;
}

/** Every op with a helper: its request fields (without `op`) and its result. */
export interface OpTypes {
  aggregate: { request: UntypedRequest; result: UntypedResult };
  entitlements: { request: UntypedRequest; result: UntypedResult };
  invoice: { request: UntypedRequest; result: UntypedResult };
  mrr: { request: UntypedRequest; result: UntypedResult };
  periods: { request: UntypedRequest; result: UntypedResult };
  price: { request: PriceRequest; result: PriceResult };
  prorate: { request: UntypedRequest; result: UntypedResult };
  quote: { request: UntypedRequest; result: UntypedResult };
  recognize: { request: UntypedRequest; result: UntypedResult };
  tax: { request: UntypedRequest; result: UntypedResult };
}

export type OpName = keyof OpTypes;

/** A request to a typed op: `{op: 'price', currency, price, ...}`. */
export type TypedRequest<Op extends OpName = OpName> = { [K in Op]: { op: K } & OpTypes[K]['request'] }[Op];

/** A batch of requests, answered one envelope per request, in order. */
export interface BatchRequest {
  op: 'batch';
  requests: Request[];
}

/** Any request: a typed one, a batch, or an op this version of the types does not describe. */
export type Request = TypedRequest | BatchRequest | { op: string; [field: string]: unknown };

/** `rc.price(fields)` and one such helper per op: the result, or throws BillingError. */
export type OpHelpers = { [K in OpName]: (fields: OpTypes[K]['request']) => OpTypes[K]['result'] };

// ---------------------------------------------------------------------------------------------
// The package

/** Which implementation runs the core. Both give the same bytes for every request. */
export type Backend = 'native' | 'wasm';

export interface CreateRatecardOptions {
  /**
   * `'auto'` (default): in Node the native addon, or WebAssembly with one log line when the
   * addon is not built; in browsers WebAssembly. `'native'`: the addon (Node only). `'wasm'`.
   */
  backend?: 'auto' | Backend;
}

export interface Ratecard extends OpHelpers {
  readonly backend: Backend;
  /** The core's boundary: a request as JSON text in, the canonical response text out. */
  evaluateJson(requestJson: string): string;
  /** The same off the main thread (native: a worker thread; WebAssembly: in-thread). */
  evaluateJsonAsync(requestJson: string): Promise<string>;
  /** Sends a request object and returns the parsed envelope; never throws for a bad request. */
  evaluate<Op extends OpName>(request: TypedRequest<Op>): Envelope<OpTypes[Op]['result']>;
  evaluate(request: BatchRequest): Envelope<{ responses: Envelope[] }>;
  evaluate(request: Request): Envelope;
  /** `evaluate()` through `evaluateJsonAsync()`. */
  evaluateAsync<Op extends OpName>(request: TypedRequest<Op>): Promise<Envelope<OpTypes[Op]['result']>>;
  evaluateAsync(request: BatchRequest): Promise<Envelope<{ responses: Envelope[] }>>;
  evaluateAsync(request: Request): Promise<Envelope>;
  /** Sends a request object and returns its result, or throws BillingError. */
  run<Op extends OpName>(request: TypedRequest<Op>): OpTypes[Op]['result'];
  run(request: BatchRequest): { responses: Envelope[] };
  run(request: Request): unknown;
  /** Evaluates several requests in one call: one envelope per request, in order. */
  batch(requests: Request[]): Envelope[];
}

/** Resolves to a Ratecard running the core on the chosen backend. */
export function createRatecard(options?: CreateRatecardOptions): Promise<Ratecard>;
