import { useState } from 'preact/hooks';
import { dateTime } from '../../format';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { EmptyRow, Section } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { ORDER_STATUSES, orderHref, type Order } from './types';
import { NextPageButton } from '../components/next-page';

/// Provisioning orders, newest first, 50 a page, narrowed by state.
export function OrdersPage({ session }: PageProps) {
  const [status, setStatus] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const orders = useResource<List<Order>>(session, `/v1/orders?${query}`);

  return (
    <Shell session={session} title="Provisioning orders">
      <div class="inline">
        <label for="order-status">State</label>
        <select id="order-status" value={status} onChange={(e) => { setCursor(null); setStatus(e.currentTarget.value); }}>
          <option value="">Any</option>
          {ORDER_STATUSES.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </div>
      <Section id="order-list" title={status ? `Orders (${status})` : 'All orders'} value={orders.value} error={orders.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <caption class="small">Times in UTC</caption>
                <thead>
                  <tr><th scope="col">Order</th><th scope="col">Type</th><th scope="col">State</th><th scope="col">Customer</th><th scope="col">Steps done</th><th scope="col">Placed</th></tr>
                </thead>
                <tbody>
                  {list.data.map((order) => (
                    <tr key={order.id}>
                      <td><a class="hash" href={dashboardHref(orderHref(order.id))}>{order.id}</a></td>
                      <td>{order.type}</td>
                      <td><StatusBadge status={order.status} /></td>
                      <td><a class="hash" href={dashboardHref(`customers/${encodeURIComponent(order.customer)}`)}>{order.customer}</a></td>
                      <td>{order.steps.filter((step) => step.status === 'completed').length} of {order.steps.length}</td>
                      <td>{dateTime(order.created_at, 'UTC')}</td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={6} text="No order." />}
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
