import { useState } from 'preact/hooks';
import { date, money } from '../../format';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { PAYMENT_STATUSES, paymentHref, type PaymentRow } from './types';
import { NextPageButton } from '../components/next-page';

/// Payments, newest first, 50 a page, narrowed by status.
export function PaymentsPage({ session }: PageProps) {
  const [status, setStatus] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const payments = useResource<List<PaymentRow>>(session, `/v1/payments?${query}`);

  return (
    <Shell session={session} title="Payments">
      <div class="inline">
        <label for="status">Status</label>
        <select id="status" value={status} onChange={(e) => { setCursor(null); setStatus(e.currentTarget.value); }}>
          <option value="">Any</option>
          {PAYMENT_STATUSES.map((name) => <option key={name} value={name}>{name.replace(/_/g, ' ')}</option>)}
        </select>
      </div>
      <Section id="payment-list" title="Payments found" value={payments.value} error={payments.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <caption class="small">Dates in UTC</caption>
                <thead><tr><th scope="col">Payment</th><th scope="col">Customer</th><th scope="col">Status</th><th scope="col" class="amount">Amount</th><th scope="col" class="amount">Refunded</th><th scope="col">Created</th></tr></thead>
                <tbody>
                  {list.data.map((row) => (
                    <tr key={row.id}>
                      <td class="hash"><a href={dashboardHref(paymentHref(row.id))}>{row.id}</a></td>
                      <td class="hash"><a href={dashboardHref(`customers/${encodeURIComponent(row.customer)}`)}>{row.customer}</a></td>
                      <td><StatusBadge status={row.status} /></td>
                      <td class="amount">{money(row.amount, row.currency)}</td>
                      <td class="amount">{money(row.amount_refunded, row.currency)}</td>
                      <td>{date(row.created_at, null)}</td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={6} text="No payment." />}
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
