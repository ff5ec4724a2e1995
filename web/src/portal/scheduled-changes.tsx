import { date, quantity as formatQuantity } from '../format';
import type { AddOn, Plan, Subscription } from './types';

/// The subscription's changes waiting for their instant, as facts of the subscription panel.
export function ScheduledChanges({ subscription, plans, addOns }: {
  subscription: Subscription; plans: Map<string, Plan>; addOns: Map<string, AddOn>;
}) {
  const waiting = subscription.scheduled_changes.filter((change) => !change.cancel);
  if (waiting.length === 0) return null;
  const describe = (change: Subscription['scheduled_changes'][number]) => {
    const parts: string[] = [];
    if (change.plan) parts.push(`plan ${plans.get(change.plan)?.name ?? change.plan}`);
    if (change.quantity) parts.push(`${formatQuantity(change.quantity)} seats`);
    if (change.add_ons) {
      parts.push(change.add_ons.length === 0 ? 'no add-ons'
        : `add-ons ${change.add_ons.map((entry) => `${addOns.get(entry.add_on)?.name ?? entry.add_on} × ${formatQuantity(entry.quantity)}`).join(', ')}`);
    }
    return `${date(change.effective_at, subscription.time_zone)}: ${parts.join('; ')}`;
  };
  return (
    <>
      <dt>Changes ahead</dt>
      <dd data-testid="scheduled-changes">{waiting.map(describe).join(' · ')}</dd>
    </>
  );
}
