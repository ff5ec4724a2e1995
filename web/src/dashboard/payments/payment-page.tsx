import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { dateTime, money } from '../../format';
import { ErrorNote, Loading } from '../../components/layout';
import { ConfirmButton } from '../../components/confirm-button';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { useResource } from '../components/use-resource';
import { StatusBadge } from '../components/status-badge';
import { call, can } from '../session';
import { AttemptsTable, RefundsSection } from './attempts-section';
import { RefundForm } from './refund-form';
import type { PaymentRow } from './types';

/// One payment: its facts, attempts and refunds; for payments:write, a refund (confirmed) of a
/// succeeded payment, and capture or cancel of a manual authorization.
export function PaymentPage({ session, params }: PageProps) {
  const path = `/v1/payments/${encodeURIComponent(params.id)}`;
  const payment = useResource<PaymentRow>(session, path);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refunds, setRefunds] = useState(0);
  const value = payment.value;
  const mayWrite = can(session, 'payments:write');

  async function settle(action: 'capture' | 'cancel', done: string) {
    setBusy(true);
    setError(null);
    setNotice(null);
    const outcome = await call<PaymentRow>(session, 'POST', `${path}/${action}`, {});
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    payment.set(outcome.value);
    setNotice(done);
  }

  return (
    <Shell session={session} title={value ? `Payment of ${money(value.amount, value.currency)}` : 'Payment'}>
      {payment.error && <ErrorNote error={payment.error} title="The payment could not be loaded" />}
      {!payment.error && !value && <Loading what="the payment" />}
      {value && (
        <>
          <dl class="facts panel">
            <dt>Id</dt><dd class="hash">{value.id}</dd>
            <dt>Status</dt><dd><StatusBadge status={value.status} />{value.disputed && <span class="small"> (disputed)</span>}</dd>
            <dt>Customer</dt><dd><a href={dashboardHref(`customers/${encodeURIComponent(value.customer)}`)}>{value.customer}</a></dd>
            {value.invoice && <><dt>Invoice</dt><dd><a href={dashboardHref(`invoices/${encodeURIComponent(value.invoice)}`)}>{value.invoice}</a></dd></>}
            <dt>Capture</dt><dd>{value.capture_method}{value.amount_authorized && ` (authorized ${money(value.amount_authorized, value.currency)})`}</dd>
            <dt>Refunded</dt><dd>{money(value.amount_refunded ?? '0', value.currency)}</dd>
            {value.failure_code && <><dt>Failure</dt><dd>{value.failure_code}</dd></>}
            <dt>Created</dt><dd>{dateTime(value.created_at, null)} UTC</dd>
          </dl>
          {mayWrite && value.status === 'requires_capture' && (
            <div class="actions">
              <ConfirmButton label="Capture" question={`Capture ${money(value.amount_authorized ?? value.amount, value.currency)}?`} confirmLabel="Capture it"
                disabled={busy} onConfirm={() => settle('capture', 'The payment is captured.')} />
              <ConfirmButton label="Cancel authorization" question="Void this authorization for good?" confirmLabel="Void it"
                disabled={busy} onConfirm={() => settle('cancel', 'The authorization is canceled.')} />
            </div>
          )}
          <p role="status" aria-live="polite" class={notice ? 'success' : undefined}>{notice}</p>
          {error && <ErrorNote error={error} title="The payment did not change" />}
          {mayWrite && value.status === 'succeeded' && !value.refunded && (
            <RefundForm session={session} payment={value} onRefunded={(refund) => {
              setNotice(`Refund ${refund.id} is ${refund.status}.`);
              setRefunds((n) => n + 1);
              payment.reload();
            }} />
          )}
          <AttemptsTable payment={value} />
          <RefundsSection key={refunds} session={session} payment={value} />
        </>
      )}
    </Shell>
  );
}
