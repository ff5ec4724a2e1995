import type { Price } from './types';

/// A price in a few words: its name (or id), its model and how it is billed.
export function priceSummary(price: Price): string {
  const model = String(price.pricing.model).replace('_', ' ');
  return `${price.nickname ?? price.id} (${model}, ${price.type})`;
}
