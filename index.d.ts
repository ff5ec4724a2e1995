// Types of the JavaScript package `ratecard` (Node: lib/index.js; browsers:
// dist/ratecard.browser.mjs). The contract of every op is docs/core-api.md; each op's request
// and result are described in types/<op>.d.ts, field by field.
//
// Adding an op: describe its request and result in types/<op>.d.ts, export them here, add the
// op to `OpTypes`, and add its name to OP_HELPERS in lib/ratecard.js; `rc.<op>()` and the typed
// `run`/`evaluate` follow, and tests/types/check-vectors.js checks the types against the op's
// golden vectors.

import type { AggregateRequest, AggregateResult } from './types/aggregate.js';
import type { DecimalString, Instant, Quantity } from './types/common.js';
import type {
  EntitlementCheck,
  EntitlementCheckRequest,
  EntitlementsList,
  EntitlementsListRequest,
  EntitlementsRequest,
  EntitlementsResult,
} from './types/entitlements.js';
import type { InvoiceRequest, InvoiceResult } from './types/invoice.js';
import type { MrrRequest, MrrResult } from './types/mrr.js';
import type { PeriodsRequest, PeriodsResult } from './types/periods.js';
import type { PriceQuantitiesRequest, PriceQuantitiesResult, PriceRequest, PriceResult } from './types/price.js';
import type { ProrateRequest, ProrateResult } from './types/prorate.js';
import type { QuoteRequest, QuoteResult } from './types/quote.js';
import type { RecognizeRequest, RecognizeResult } from './types/recognize.js';
import type { TaxRequest, TaxResult } from './types/tax.js';

export * from './types/common.js';
export * from './types/aggregate.js';
export * from './types/entitlements.js';
export * from './types/invoice.js';
export * from './types/mrr.js';
export * from './types/periods.js';
export * from './types/price.js';
export * from './types/prorate.js';
export * from './types/quote.js';
export * from './types/recognize.js';
export * from './types/tax.js';

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

/** Every op with a helper: its request fields (without `op`) and its result. */
export interface OpTypes {
  aggregate: { request: AggregateRequest; result: AggregateResult };
  entitlements: { request: EntitlementsRequest; result: EntitlementsResult };
  invoice: { request: InvoiceRequest; result: InvoiceResult };
  mrr: { request: MrrRequest; result: MrrResult };
  periods: { request: PeriodsRequest; result: PeriodsResult };
  price: { request: PriceRequest; result: PriceResult };
  prorate: { request: ProrateRequest; result: ProrateResult };
  quote: { request: QuoteRequest; result: QuoteResult };
  recognize: { request: RecognizeRequest; result: RecognizeResult };
  tax: { request: TaxRequest; result: TaxResult };
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

export interface Ratecard extends Omit<OpHelpers, 'entitlements' | 'price'> {
  readonly backend: Backend;
  /** The version of the core that computes the answers, e.g. `"0.1.0"` (`ratecard --version`). */
  readonly coreVersion: string;
  /** The tzdata release compiled into the core, e.g. `"2025b"`: billing periods in a zone depend on it. */
  readonly tzdataVersion: string;
  /** Every feature (`{at, features}`), or with `feature` that one feature's check. */
  entitlements(fields: EntitlementsListRequest): EntitlementsList;
  entitlements(fields: EntitlementCheckRequest): EntitlementCheck;
  entitlements(fields: EntitlementsRequest): EntitlementsResult;
  /** A price applied to a quantity (or events), or with `quantities` to each of them. */
  price(fields: PriceQuantitiesRequest): PriceQuantitiesResult;
  price(fields: PriceRequest): PriceResult;
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

/** Why verifyWebhook refused a request. */
export type WebhookVerificationErrorCode =
  | 'WEBHOOK_MISSING_HEADER'
  | 'WEBHOOK_INVALID_TIMESTAMP'
  | 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE'
  | 'WEBHOOK_UNKNOWN_VERSION'
  | 'WEBHOOK_INVALID_SIGNATURE'
  | 'WEBHOOK_INVALID_PAYLOAD';

/** The error verifyWebhook throws. */
export interface WebhookVerificationError extends Error {
  name: 'WebhookVerificationError';
  code: WebhookVerificationErrorCode;
}

/** A webhook request's headers: a plain object (any case), Node's `request.headers` or a fetch `Headers`. */
export type WebhookHeaders = Record<string, string | string[] | undefined> | { get(name: string): string | null };

export interface VerifyWebhookOptions {
  /** How far webhook-timestamp may be from now, in seconds (default 300). */
  tolerance?: number;
}

/** The body of a Ratecard webhook: one outbox event. */
export interface WebhookEvent {
  id: string;
  object: 'event';
  type: string;
  timestamp: string;
  customer: string | null;
  data: { object: { id: string; object: string; [field: string]: unknown } };
}

/**
 * Verifies a Ratecard webhook (Standard Webhooks signature, timestamp within `tolerance`) and
 * returns its parsed body; throws WebhookVerificationError otherwise. Node only. `body` is the
 * raw body as received.
 */
export function verifyWebhook(secret: string, headers: WebhookHeaders, body: string | Uint8Array, options?: VerifyWebhookOptions): WebhookEvent;

// ---------------------------------------------------------------------------------------------
// Local entitlement decisions (Node): lib/local-entitlements.js

/** An access key as the snapshot carries it: never the key, only its SHA-256 hash. */
export interface SnapshotAccessKey {
  id: string;
  prefix: string;
  secret_hash: string;
  /** Features the key may use; `'*'` for all. */
  scopes: string[];
  /** Units of a feature the key may use per period, decided with the core. */
  quotas: { feature: string; limit: DecimalString; reset: 'day' | 'week' | 'month' | 'billing_period' | 'never' }[];
  expires_at: string | null;
  revoked_at: string | null;
}

/** A verified entitlement snapshot (the signed payload of GET /v1/entitlements/snapshot). */
export interface EntitlementSnapshot {
  object: 'entitlement_snapshot';
  format: 1;
  customer: string;
  /** False when the customer holds nothing: see `reason`. */
  access: boolean;
  reason: string | null;
  subscription: string | null;
  plan: string | null;
  plan_version: number | null;
  add_on_versions: Record<string, number>;
  /** The customer's test clock time, decisions are made at; null on the wall clock. */
  frozen_time: Instant | null;
  /** The core request's terms: plan, overrides, add_ons, billing, grants, seat_assignments. */
  request: Omit<EntitlementsRequest, 'at' | 'feature' | 'amount' | 'assignee' | 'usage'>;
  metered_features: string[];
  usage: { feature: string; amount: Quantity; at?: Instant }[];
  access_keys: SnapshotAccessKey[];
  etag: string;
  issued_at: string;
}

/** A local decision: the same fields as the server's GET /v1/entitlements/check. */
export interface LocalDecision {
  feature: string;
  allowed: boolean;
  kind: 'boolean' | 'limit' | 'metered' | null;
  limit: DecimalString | null;
  usage: DecimalString | null;
  balance: DecimalString | null;
  overage: DecimalString | null;
  reset_at: Instant | null;
  /** The core's reason, or the customer's (no_subscription, account_suspended, ...), or key_scope, key_quota_exceeded. */
  reason: string | null;
}

export interface LocalCheckOptions {
  amount?: Quantity;
  assignee?: string;
  /** Usage the service counted since the snapshot was issued (metered features). */
  usage?: { feature: string; amount: Quantity; at: Instant }[];
  /** A key from verifyAccessKey(): its scopes and quota apply. */
  key?: SnapshotAccessKey;
  /** That key's usage of the feature this period. */
  keyUsage?: { amount: Quantity; at: Instant }[];
}

export interface LocalEntitlements {
  /** Decides in process with the core: no network call. */
  check(feature: string, options?: LocalCheckOptions): LocalDecision;
  /** The key a presented secret belongs to, if it works now; else null. */
  verifyAccessKey(secret: string): SnapshotAccessKey | null;
  /** Fetches the snapshot if it changed (If-None-Match); true when it did. */
  refresh(): Promise<boolean>;
  /** Stops the background refresh. */
  close(): void;
  readonly snapshot: EntitlementSnapshot;
  readonly etag: string | null;
}

export interface LocalEntitlementsOptions {
  ratecard: Ratecard;
  /** The Ratecard server, e.g. `http://localhost:8080`. */
  url: string;
  /** A secret API key whose role reads entitlements (provisioning). */
  apiKey: string;
  customer: string;
  /** `{kid: PEM}`; default: fetched from GET /v1/entitlements/signing_keys. */
  publicKeys?: Record<string, string>;
  /** Default 30000; 0 refreshes only when refresh() is called. */
  refreshIntervalMs?: number;
  /** Default: the global fetch (Node 18+). */
  fetch?: (url: string, init?: { headers?: Record<string, string> }) => Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null }; json(): Promise<unknown>; text(): Promise<string> }>;
  now?: () => Date;
}

/** Fetches and verifies a customer's snapshot; resolves to a client that decides locally (Node only). */
export function createLocalEntitlements(options: LocalEntitlementsOptions): Promise<LocalEntitlements>;

/** Verifies a snapshot body against public keys (`{kid: PEM}`); returns its payload or throws. */
export function verifySnapshot(body: { payload: string; signature: { algorithm: string; key_id: string; value: string } }, publicKeys: Record<string, string>): EntitlementSnapshot;

/**
 * An entitlements request (or its terms, without `op` and `at`) narrowed to one feature: the
 * plan's, overrides', add-ons', grants', seat assignments' and usage entries of that feature,
 * and `billing` only when the feature may reset on it (metered). The core decides each feature
 * on its own terms, so a well-formed request narrowed to the feature it asks about gets the same
 * answer, from a smaller request.
 */
export function entitlementsRequestForFeature<R extends Partial<Omit<EntitlementsRequest, 'op'>>>(request: R, feature: string): R;
