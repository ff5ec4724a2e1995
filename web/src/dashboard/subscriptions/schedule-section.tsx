import { dateTime, quantity } from '../../format';
import { EmptyRow } from '../components/section';
import type { SubscriptionRow } from './types';

/// A subscription's items (plan, quantity, add-ons) and its pending phases, oldest first.
export function ItemsAndSchedule({ subscription }: { subscription: SubscriptionRow }) {
  const zone = subscription.time_zone;
  return (
    <>
      <section aria-labelledby="items" class="panel dash-section">
        <h2 id="items">Items</h2>
        <div class="table-scroll">
          <table>
            <thead><tr><th scope="col">Item</th><th scope="col" class="amount">Quantity</th></tr></thead>
            <tbody>
              <tr><td>{subscription.plan.name} (plan{subscription.plan_version ? `, version ${subscription.plan_version}` : ''})</td><td class="amount">{quantity(subscription.quantity)}</td></tr>
              {(subscription.add_ons ?? []).map((addOn) => (
                <tr key={addOn.add_on}><td class="hash">{addOn.add_on} (add-on)</td><td class="amount">{quantity(addOn.quantity)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="schedule" class="panel dash-section">
        <h2 id="schedule">Schedule</h2>
        <div class="table-scroll">
          <table>
            <caption class="small">Pending phases, in the subscription's zone ({zone ?? 'UTC'})</caption>
            <thead><tr><th scope="col">From</th><th scope="col">Timing</th><th scope="col">Change</th></tr></thead>
            <tbody>
              {subscription.scheduled_changes.map((phase) => (
                <tr key={phase.id}>
                  <td>{dateTime(phase.effective_at, zone)}</td>
                  <td>{phase.timing.replace(/_/g, ' ')}</td>
                  <td>{describePhase(phase)}</td>
                </tr>
              ))}
              {subscription.scheduled_changes.length === 0 && <EmptyRow columns={3} text="No pending phase." />}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function describePhase(phase: SubscriptionRow['scheduled_changes'][number]): string {
  if (phase.cancel) return 'Cancellation';
  const parts: string[] = [];
  if (phase.plan) parts.push(`plan ${phase.plan}`);
  if (phase.quantity !== null) parts.push(`quantity ${quantity(phase.quantity)}`);
  if (phase.add_ons) parts.push(`add-ons ${phase.add_ons.map((addOn) => `${addOn.add_on} × ${quantity(addOn.quantity)}`).join(', ') || 'none'}`);
  return parts.join('; ') || 'Change';
}
