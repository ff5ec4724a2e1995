import { date, quantity } from '../../format';
import type { Session } from '../session';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import type { Customer, Subscription } from './types';

/// A customer's subscriptions: plan, quantity, status, when the period ends.
export function SubscriptionsSection({ session, customer }: { session: Session; customer: Customer }) {
  const subscriptions = useResource<List<Subscription>>(session, `/v1/subscriptions?customer=${encodeURIComponent(customer.id)}&limit=100`);
  return (
    <Section id="subscriptions" title="Subscriptions" value={subscriptions.value} error={subscriptions.error}>
      {(list) => (
        <div class="table-scroll">
          <table>
            <thead><tr><th scope="col">Subscription</th><th scope="col">Plan</th><th scope="col" class="amount">Quantity</th><th scope="col">Status</th><th scope="col">Period ends</th></tr></thead>
            <tbody>
              {list.data.map((subscription) => (
                <tr key={subscription.id}>
                  <td class="hash">{subscription.id}</td>
                  <td class="hash">{subscription.plan}</td>
                  <td class="amount">{quantity(subscription.quantity)}</td>
                  <td><StatusBadge status={subscription.status} />{subscription.cancel_at_period_end && <span class="small"> (cancels at period end)</span>}</td>
                  <td>{date(subscription.current_period_end, customer.timezone)}</td>
                </tr>
              ))}
              {list.data.length === 0 && <EmptyRow columns={5} text="No subscription." />}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
