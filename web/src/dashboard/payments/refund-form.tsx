import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { call, type Session } from '../session';
import type { PaymentRow, Refund } from './types';

const REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'];

/// Refunds all or part of a payment: the amount (a decimal string, empty for all that is left),
/// a reason and, for an invoice's payment, the credit note it refunds; a second press confirms.
export function RefundForm({ session, payment, onRefunded }: { session: Session; payment: PaymentRow; onRefunded: (refund: Refund) => void }) {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('requested_by_customer');
  const [creditNote, setCreditNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function refund() {
    setBusy(true);
    setError(null);
    const body: Record<string, string> = { reason: creditNote ? 'credit_note' : reason };
    if (amount.trim()) body.amount = amount.trim();
    if (creditNote.trim()) body.credit_note = creditNote.trim();
    const outcome = await call<Refund>(session, 'POST', `/v1/payments/${encodeURIComponent(payment.id)}/refunds`, body);
    setBusy(false);
    setConfirming(false);
    if (!outcome.ok) return setError(outcome.error);
    setAmount('');
    setCreditNote('');
    onRefunded(outcome.value);
  }

  return (
    <form class="panel dash-section" aria-labelledby="refund" onSubmit={(e) => { e.preventDefault(); setConfirming(true); }}>
      <h2 id="refund">Refund</h2>
      <label for="refund-amount">Amount ({payment.currency.toUpperCase()}, empty for all that is left)</label>
      <input id="refund-amount" type="text" inputMode="decimal" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      <label for="refund-reason">Reason</label>
      <select id="refund-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
        {REASONS.map((name) => <option key={name} value={name}>{name.replace(/_/g, ' ')}</option>)}
      </select>
      {payment.invoice && (
        <>
          <label for="refund-credit-note">Credit note (required for an invoice's payment)</label>
          <input id="refund-credit-note" type="text" value={creditNote} onInput={(e) => setCreditNote(e.currentTarget.value)} />
        </>
      )}
      <div class="actions">
        {!confirming && <button type="submit" class="secondary" disabled={busy}>Refund…</button>}
        {confirming && (
          <span class="confirm">
            <span>Refund {amount.trim() ? `${amount.trim()} ${payment.currency.toUpperCase()}` : 'all that is left'} for good?</span>
            <button type="button" class="danger" disabled={busy} onClick={refund}>Refund it</button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>Keep</button>
          </span>
        )}
      </div>
      {error && <ErrorNote error={error} title="Not refunded" />}
    </form>
  );
}
