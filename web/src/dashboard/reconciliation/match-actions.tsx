import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { ConfirmButton } from '../../components/confirm-button';
import { call, type Session } from '../session';
import { idList } from './record-form';
import type { ReceivedPayment } from './types';

/// A received payment's manual matching: "Match" applies what is unapplied to the invoice ids
/// typed (`POST /v1/received_payments/:id/match`), "Unmatch" (confirmed) takes back all it
/// applied (`.../unmatch`). The server decides what is allowed; a refusal shows its code and path.
export function MatchActions({ session, payment, onChanged }: {
  session: Session; payment: ReceivedPayment; onChanged: (payment: ReceivedPayment, done: string) => void;
}) {
  const [invoices, setInvoices] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const inputId = `match-${payment.id}`;

  async function send(action: 'match' | 'unmatch') {
    setBusy(true);
    setError(null);
    const body = action === 'match' ? { invoices: idList(invoices) } : {};
    const outcome = await call<ReceivedPayment>(session, 'POST', `/v1/received_payments/${encodeURIComponent(payment.id)}/${action}`, body);
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setInvoices('');
    onChanged(outcome.value, action === 'match' ? 'matched' : 'unmatched');
  }

  return (
    <div class="match-actions">
      {/[1-9]/.test(payment.amount_unapplied) && (
        <form class="inline" onSubmit={(e) => { e.preventDefault(); send('match'); }}>
          <label for={inputId} class="small">Invoice ids for {payment.reference ?? payment.id}</label>
          <input id={inputId} type="text" value={invoices} onInput={(e) => setInvoices(e.currentTarget.value)} />
          <button type="submit" class="secondary" disabled={busy}>Match</button>
        </form>
      )}
      {payment.applications.length > 0 && (
        <ConfirmButton label={`Unmatch ${payment.reference ?? payment.id}`} question="Take back what it applied?" confirmLabel="Unmatch"
          disabled={busy} onConfirm={() => send('unmatch')} />
      )}
      {error && <ErrorNote error={error} title="Not changed" />}
    </div>
  );
}
