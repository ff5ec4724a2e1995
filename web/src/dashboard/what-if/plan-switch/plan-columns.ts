// What a plan's current customers were last billed, as columns: one GET /v1/what_if/inputs per
// price of the plan's current version, narrowed to the plan (`&plan=`), merged per subscription.
import type { ApiResult } from '../../../api';
import type { Plan, Price } from '../../catalog/types';
import { call, type Session } from '../../session';
import type { WhatIfInputs } from '../inputs';

export interface PlanColumns {
  /// The subscriptions billed for at least one of the plan's prices, in id order.
  subscriptions: string[];
  customers: string[];
  /// Each subscription's quantity of the plan's licensed prices as last billed ("1" when the
  /// plan has none).
  seats: string[];
  /// Per price id, each subscription's last billed quantity of it ("0" when it has no such line yet).
  quantities: Map<string, string[]>;
  /// Subscriptions on the plan with no finalized line of a price yet, per price id.
  unbilled: Map<string, number>;
}

/// The prices what-if reprices: the recurring ones (licensed or metered), not one-time fees.
export const repricedPrices = (plan: Plan): Price[] => plan.prices.filter((price) => price.type !== 'one_time');

export async function fetchPlanColumns(session: Session, plan: Plan): Promise<ApiResult<PlanColumns>> {
  const prices = repricedPrices(plan);
  const answers = await Promise.all(prices.map((price) => call<WhatIfInputs>(session, 'GET',
    `/v1/what_if/inputs?price=${encodeURIComponent(price.id)}&plan=${encodeURIComponent(plan.id)}`)));
  const failed = answers.find((answer) => !answer.ok);
  if (failed) return failed as ApiResult<PlanColumns>;
  const inputs = answers.map((answer) => (answer as { value: WhatIfInputs }).value);
  const customerOf = new Map<string, string>();
  inputs.forEach((input) => input.subscriptions.forEach((sub, i) => customerOf.set(sub, input.customers[i])));
  const subscriptions = [...customerOf.keys()].sort();
  const quantities = new Map<string, string[]>();
  const unbilled = new Map<string, number>();
  prices.forEach((price, p) => {
    const billed = new Map(inputs[p].subscriptions.map((sub, i) => [sub, inputs[p].quantities[i]]));
    quantities.set(price.id, subscriptions.map((sub) => billed.get(sub) ?? '0'));
    unbilled.set(price.id, inputs[p].unbilled);
  });
  const licensed = prices.find((price) => price.type !== 'usage');
  const seats = licensed ? quantities.get(licensed.id)! : subscriptions.map(() => '1');
  return { ok: true, status: 200, headers: new Headers(), value: { subscriptions, customers: subscriptions.map((sub) => customerOf.get(sub)!), seats, quantities, unbilled } };
}
