// Prices every quantity with the core's prepared price (`price` with `quantities`, at most
// 10,000 per request): the price is read and validated once per batch, and each distinct
// quantity is priced once (customers on the same seat count pay the same).
import type { Ratecard, ErrorInfo } from 'ratecard';
import { evaluate } from '../../core';

/// The core's limit on `quantities` in one prepared `price` request.
export const PREPARED_LIMIT = 10_000;

export type Repriced = { ok: true; amounts: string[]; priced: number } | { ok: false; error: ErrorInfo };

/// The amount of `pricing` at each quantity, in order, with how many distinct quantities the
/// core priced; or the core's first error (its path relative to the request, e.g.
/// "/price/tiers/1/up_to", or "/quantities/<index in `quantities`>").
export function reprice(core: Ratecard, currency: string, pricing: object, quantities: string[]): Repriced {
  const slot = new Map<string, number>();
  const distinct: string[] = [];
  const firstIndex: number[] = [];
  const slots = quantities.map((quantity, index) => {
    let at = slot.get(quantity);
    if (at === undefined) {
      at = distinct.length;
      slot.set(quantity, at);
      distinct.push(quantity);
      firstIndex.push(index);
    }
    return at;
  });
  const priced: string[] = [];
  for (let start = 0; start < distinct.length; start += PREPARED_LIMIT) {
    const batch = distinct.slice(start, start + PREPARED_LIMIT);
    const outcome = evaluate<{ results: { amount: string }[] }>(core, { op: 'price', currency, price: pricing, quantities: batch });
    if (!outcome.ok) {
      const error = outcome.error;
      const at = /^\/quantities\/(\d+)(.*)$/.exec(error.path);
      return { ok: false, error: at ? { ...error, path: `/quantities/${firstIndex[start + Number(at[1])]}${at[2]}` } : error };
    }
    for (const result of outcome.result.results) priced.push(result.amount);
  }
  return { ok: true, amounts: slots.map((at) => priced[at]), priced: distinct.length };
}
