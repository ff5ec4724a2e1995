// The pricing core in this page: the `ratecard` package's browser build, running as
// WebAssembly. One instance per page; every amount the pages show comes from it or the server.
import { createRatecard, type Ratecard, type ErrorInfo } from 'ratecard';

let loading: Promise<Ratecard> | null = null;

export function loadCore(): Promise<Ratecard> {
  loading ??= createRatecard({ backend: 'wasm' });
  return loading;
}

export type CoreOutcome<T> = { ok: true; result: T } | { ok: false; error: ErrorInfo };

/// Runs one core request built from server data (typed loosely at this boundary) and returns the
/// envelope: the core never throws for a bad request.
export function evaluate<T>(core: Ratecard, request: object): CoreOutcome<T> {
  return core.evaluate(request as Parameters<Ratecard['evaluate']>[0]) as CoreOutcome<T>;
}
