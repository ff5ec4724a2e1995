// The revenue change per customer: each subscription's repriced line (new − old amount of the
// changed price at its last billed quantity), summed per customer and in total, exactly, in
// minor units. The rest of each invoice is unchanged, so it drops out of the difference.
import { digitsOf, fromUnits, toUnits } from './decimal';

export interface CustomerChange {
  customer: string;
  subscriptions: string[];
  quantities: string[];
  old: bigint;
  next: bigint;
  change: bigint;
}

export interface Changes {
  digits: number;
  customers: CustomerChange[];
  old: bigint;
  next: bigint;
  change: bigint;
}

/// Groups the per-subscription amounts (`old` and `next`, parallel to `subscriptions`) by customer,
/// in first-seen order.
export function changesByCustomer(subscriptions: string[], customers: string[], quantities: string[], old: string[], next: string[]): Changes {
  const digits = old.length ? digitsOf(old[0]) : 0;
  const byCustomer = new Map<string, CustomerChange>();
  let oldTotal = 0n;
  let nextTotal = 0n;
  for (let i = 0; i < subscriptions.length; i += 1) {
    const before = toUnits(old[i], digits);
    const after = toUnits(next[i], digits);
    oldTotal += before;
    nextTotal += after;
    let row = byCustomer.get(customers[i]);
    if (!row) {
      row = { customer: customers[i], subscriptions: [], quantities: [], old: 0n, next: 0n, change: 0n };
      byCustomer.set(customers[i], row);
    }
    row.subscriptions.push(subscriptions[i]);
    row.quantities.push(quantities[i]);
    row.old += before;
    row.next += after;
    row.change += after - before;
  }
  return { digits, customers: [...byCustomer.values()], old: oldTotal, next: nextTotal, change: nextTotal - oldTotal };
}

/// A minor-unit amount as the core writes money, for display and export.
export const moneyText = (units: bigint, digits: number): string => fromUnits(units, digits);
