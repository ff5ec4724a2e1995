import { useState } from 'preact/hooks';
import { date, quantity } from '../../format';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { SUBSCRIPTION_STATUSES, subscriptionHref, type SubscriptionRow } from './types';
import { NextPageButton } from '../components/next-page';

/// Subscriptions, newest first, 50 a page, narrowed by status and plan.
export function SubscriptionsPage({ session }: PageProps) {
  const [status, setStatus] = useState('');
  const [plan, setPlan] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const plans = useResource<List<{ id: string; name: string }>>(session, '/v1/plans?limit=100');
  const query = new URLSearchParams({ limit: '50', 'expand[]': 'plan' });
  if (status) query.set('status', status);
  if (plan) query.set('plan', plan);
  if (cursor) query.set('cursor', cursor);
  const subscriptions = useResource<List<SubscriptionRow>>(session, `/v1/subscriptions?${query}`);

  return (
    <Shell session={session} title="Subscriptions">
      <div class="inline">
        <label for="status">Status</label>
        <select id="status" value={status} onChange={(e) => { setCursor(null); setStatus(e.currentTarget.value); }}>
          <option value="">Any</option>
          {SUBSCRIPTION_STATUSES.map((name) => <option key={name} value={name}>{name.replace(/_/g, ' ')}</option>)}
        </select>
        <label for="plan">Plan</label>
        <select id="plan" value={plan} onChange={(e) => { setCursor(null); setPlan(e.currentTarget.value); }}>
          <option value="">Any</option>
          {(plans.value?.data ?? []).map((row) => <option key={row.id} value={row.id}>{row.name}</option>)}
        </select>
      </div>
      <Section id="subscription-list" title="Subscriptions found" value={subscriptions.value} error={subscriptions.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <caption class="small">Dates in UTC</caption>
                <thead><tr><th scope="col">Subscription</th><th scope="col">Customer</th><th scope="col">Plan</th><th scope="col" class="amount">Quantity</th><th scope="col">Status</th><th scope="col">Period ends</th></tr></thead>
                <tbody>
                  {list.data.map((row) => (
                    <tr key={row.id}>
                      <td class="hash"><a href={dashboardHref(subscriptionHref(row.id))}>{row.id}</a></td>
                      <td class="hash"><a href={dashboardHref(`customers/${encodeURIComponent(row.customer)}`)}>{row.customer}</a></td>
                      <td>{row.plan.name}</td>
                      <td class="amount">{quantity(row.quantity)}</td>
                      <td><StatusBadge status={row.status} />{row.cancel_at_period_end && <span class="small"> (cancels at period end)</span>}</td>
                      <td>{date(row.current_period_end, null)}</td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={6} text="No subscription." />}
                </tbody>
              </table>
            </div>
            <NextPageButton list={list} onNext={setCursor} />
          </>
        )}
      </Section>
    </Shell>
  );
}
