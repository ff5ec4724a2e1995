// Prices a plan's customers on a set of prices: each price's amounts at its quantity column by
// the core's prepared price (reprice.ts), summed per subscription exactly (BigInt minor units).
import type { Ratecard, ErrorInfo } from 'ratecard';
import type { Price } from '../../catalog/types';
import type { Pricing } from '../price-editor';
import { reprice } from '../reprice';
import { digitsOf, fromUnits, toUnits } from '../decimal';
import type { PlanColumns } from './plan-columns';

/// A price of the target: the source's or another plan's, its pricing as edited in the page.
export interface TargetPrice {
  price: Price;
  pricing: Pricing;
}

export type PlanAmounts = { ok: true; amounts: string[]; priced: number } | { ok: false; error: ErrorInfo; price: Price };

/// The quantity each subscription would have of `price` on the target, its quantities kept: a
/// metered price takes the source's last billed quantity of the same metric ("0" when the source
/// meters no such metric), a licensed one the subscription's seats.
export function quantitiesFor(price: Price, source: Price[], columns: PlanColumns): string[] {
  if (price.type !== 'usage') return columns.seats;
  const same = source.find((candidate) => candidate.type === 'usage' && candidate.metric === price.metric);
  return same ? columns.quantities.get(same.id)! : columns.seats.map(() => '0');
}

/// Each subscription's total of `prices` (at `quantityOf(price)`), as money strings, with how
/// many distinct quantities the core priced; or the first price the core refuses, with its error.
export function planAmounts(core: Ratecard, currency: string, prices: TargetPrice[], count: number, quantityOf: (price: Price) => string[]): PlanAmounts {
  const columns: string[][] = [];
  let priced = 0;
  for (const { price, pricing } of prices) {
    const outcome = reprice(core, currency, pricing, quantityOf(price));
    if (!outcome.ok) return { ok: false, error: outcome.error, price };
    columns.push(outcome.amounts);
    priced += outcome.priced;
  }
  const digits = Math.max(0, ...columns.flatMap((amounts) => (amounts.length ? [digitsOf(amounts[0])] : [])));
  const amounts = Array.from({ length: count }, (_, i) => fromUnits(columns.reduce((sum, column) => sum + toUnits(column[i], digits), 0n), digits));
  return { ok: true, amounts, priced };
}
