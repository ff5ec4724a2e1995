import { date, money } from '../../format';
import type { Session } from '../session';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import type { Customer, Payment } from './types';

/// A customer's payments: amount, status, what was refunded.
export function PaymentsSection({ session, customer }: { session: Session; customer: Customer }) {
  const payments = useResource<List<Payment>>(session, `/v1/payments?customer=${encodeURIComponent(customer.id)}&limit=50`);
  return (
    <Section id="payments" title="Payments" value={payments.value} error={payments.error}>
      {(list) => (
        <div class="table-scroll">
          <table>
            <thead><tr><th scope="col">Created</th><th scope="col">Status</th><th scope="col" class="amount">Amount</th><th scope="col" class="amount">Refunded</th></tr></thead>
            <tbody>
              {list.data.map((payment) => (
                <tr key={payment.id}>
                  <td>{date(payment.created_at, customer.timezone)}</td>
                  <td><StatusBadge status={payment.status} /></td>
                  <td class="amount">{money(payment.amount, payment.currency)}</td>
                  <td class="amount">{money(payment.amount_refunded, payment.currency)}</td>
                </tr>
              ))}
              {list.data.length === 0 && <EmptyRow columns={4} text="No payment." />}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
