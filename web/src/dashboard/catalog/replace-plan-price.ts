// Saving an edited plan price: prices never change their pricing, so the edit is a new price
// (same product, currency and billing) that takes the old one's place in the plan, making the
// plan's next version (existing subscriptions keep theirs until a price migration).
import type { ApiResult } from '../../api';
import { call, type Session } from '../session';
import type { Plan, Price } from './types';
import type { Pricing } from '../what-if/price-editor';

export async function replacePlanPrice(session: Session, plan: Plan, old: Price, pricing: Pricing): Promise<ApiResult<Plan>> {
  const body: Record<string, unknown> = { product: old.product, currency: old.currency, type: old.type, pricing };
  if (old.interval) body.interval = old.interval;
  if (old.interval_count) body.interval_count = old.interval_count;
  if (old.metric) body.metric = old.metric;
  if (old.nickname) body.nickname = old.nickname;
  const created = await call<Price>(session, 'POST', '/v1/prices', body);
  if (!created.ok) return created;
  const prices = plan.prices.map((price) => (price.id === old.id ? created.value.id : price.id));
  return call<Plan>(session, 'PATCH', `/v1/plans/${encodeURIComponent(plan.id)}`, { prices });
}
