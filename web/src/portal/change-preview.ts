// The preview of a portal change, computed by the core in the page as the server computes the
// change (server/src/subscriptions/change.js computeChange): a plan of another billing interval,
// outside a trial, restarts the billing cycle at the change, so the unused part of the current
// cycle is credited (the old items prorated against nothing) and whether it is an upgrade or a
// downgrade comes from comparing the old and new cycles without prorating. Any other change is
// one proration of the old items against the new.
import type { Ratecard } from 'ratecard';
import { evaluate, type CoreOutcome } from '../core';
import { prorateRequest } from './prorate-request';
import type { AddOn, Plan, ProrationView, Subscription } from './types';

interface Target {
  plan: Plan;
  quantity: string;
  addOns: { add_on: string; quantity: string }[];
}

/// The proration a change previews; `restarts_cycle` when the billing cycle restarts at the change.
export type ChangePreview = ProrationView & { restarts_cycle: boolean };

export const switchesInterval = (current: Plan, target: Plan) =>
  current.interval !== target.interval || current.interval_count !== target.interval_count;

/// Whether the current plan's portal policy lets the page offer `target`: a plan of the same
/// billing interval, or of an interval the policy lists (server/src/catalog/portal-policy.js).
export const offersPlan = (current: Plan, target: Plan) => !switchesInterval(current, target)
  || (current.portal.allowed_intervals ?? []).some((rule) => rule.interval === target.interval && (rule.interval_count ?? 1) === target.interval_count);

const inTrial = (subscription: Subscription, changeAt: string) =>
  subscription.trial_end !== null && Date.parse(changeAt) < Date.parse(subscription.trial_end);

export function previewChange(core: Ratecard, subscription: Subscription, current: Plan, target: Target, currency: string,
  addOnsById: Map<string, AddOn>, changeAt: string): CoreOutcome<ChangePreview> {
  const request = prorateRequest(subscription, current, target, currency, addOnsById, changeAt);
  if (!switchesInterval(current, target.plan) || inTrial(subscription, changeAt)) {
    const outcome = evaluate<ProrationView>(core, request);
    return outcome.ok ? { ok: true, result: { ...outcome.result, restarts_cycle: false } } : outcome;
  }
  const compared = evaluate<ProrationView>(core, { ...request, behavior: 'none' });
  if (!compared.ok) return compared;
  const credited = evaluate<ProrationView>(core, { ...request, new_items: [] });
  if (!credited.ok) return credited;
  return { ok: true, result: { ...credited.result, direction: compared.result.direction, restarts_cycle: true } };
}
