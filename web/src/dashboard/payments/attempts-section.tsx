import { dateTime, money } from '../../format';
import type { Session } from '../session';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource } from '../components/use-resource';
import type { PaymentRow, Refund } from './types';

/// A payment's attempts at its gateways, in order, with why one failed.
export function AttemptsTable({ payment }: { payment: PaymentRow }) {
  return (
    <section aria-labelledby="attempts" class="panel dash-section">
      <h2 id="attempts">Attempts</h2>
      <div class="table-scroll">
        <table>
          <thead><tr><th scope="col">#</th><th scope="col">Gateway</th><th scope="col">Status</th><th scope="col">Failure</th><th scope="col">At (UTC)</th></tr></thead>
          <tbody>
            {payment.attempts.map((attempt) => (
              <tr key={attempt.id}>
                <td>{attempt.number}</td>
                <td>{attempt.gateway}</td>
                <td><StatusBadge status={attempt.status} /></td>
                <td>{[attempt.failure_code, attempt.decline_code].filter(Boolean).join(' / ') || '—'}</td>
                <td>{dateTime(attempt.created_at, null)}</td>
              </tr>
            ))}
            {payment.attempts.length === 0 && <EmptyRow columns={5} text="No attempt." />}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/// A payment's refunds, oldest first.
export function RefundsSection({ session, payment }: { session: Session; payment: PaymentRow }) {
  const refunds = useResource<{ data: Refund[] }>(session, `/v1/payments/${encodeURIComponent(payment.id)}/refunds`);
  return (
    <Section id="refunds" title="Refunds" value={refunds.value} error={refunds.error}>
      {(list) => (
        <div class="table-scroll">
          <table>
            <thead><tr><th scope="col">Refund</th><th scope="col">Status</th><th scope="col" class="amount">Amount</th><th scope="col">Reason</th><th scope="col">At (UTC)</th></tr></thead>
            <tbody>
              {list.data.map((refund) => (
                <tr key={refund.id}>
                  <td class="hash">{refund.id}</td>
                  <td><StatusBadge status={refund.status} /></td>
                  <td class="amount">{money(refund.amount, refund.currency)}</td>
                  <td>{refund.reason?.replace(/_/g, ' ') ?? '—'}{refund.credit_note && <span class="hash"> ({refund.credit_note})</span>}</td>
                  <td>{dateTime(refund.created_at, null)}</td>
                </tr>
              ))}
              {list.data.length === 0 && <EmptyRow columns={5} text="No refund." />}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
