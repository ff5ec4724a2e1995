import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { call, type Session } from '../session';
import { RECORD_METHODS, type ReceivedPayment } from './types';

/// Records money received outside Ratecard (`POST /v1/received_payments`): method, amount (a
/// decimal string, read by the server's core), currency, day, the payer's reference and, when
/// known, the invoice ids it pays (comma-separated; otherwise the server matches it).
export function RecordForm({ session, onRecorded }: { session: Session; onRecorded: (payment: ReceivedPayment) => void }) {
  const [method, setMethod] = useState(RECORD_METHODS[0]);
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [receivedOn, setReceivedOn] = useState(new Date().toISOString().slice(0, 10));
  const [reference, setReference] = useState('');
  const [invoices, setInvoices] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function record() {
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { method, amount: amount.trim(), currency: currency.trim(), received_on: receivedOn };
    if (reference.trim()) body.reference = reference.trim();
    const ids = idList(invoices);
    if (ids.length) body.invoices = ids;
    const outcome = await call<ReceivedPayment>(session, 'POST', '/v1/received_payments', body);
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setAmount('');
    setReference('');
    setInvoices('');
    onRecorded(outcome.value);
  }

  return (
    <form class="panel dash-section" aria-labelledby="record-received" onSubmit={(e) => { e.preventDefault(); record(); }}>
      <h2 id="record-received">Record a received payment</h2>
      <label for="record-method">Method</label>
      <select id="record-method" value={method} onChange={(e) => setMethod(e.currentTarget.value)}>
        {RECORD_METHODS.map((name) => <option key={name} value={name}>{name.replace(/_/g, ' ')}</option>)}
      </select>
      <label for="record-amount">Amount</label>
      <input id="record-amount" type="text" inputMode="decimal" required value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      <label for="record-currency">Currency</label>
      <input id="record-currency" type="text" required maxLength={3} value={currency} onInput={(e) => setCurrency(e.currentTarget.value)} />
      <label for="record-day">Received on</label>
      <input id="record-day" type="date" required value={receivedOn} onInput={(e) => setReceivedOn(e.currentTarget.value)} />
      <label for="record-reference">Reference (as the payer wrote it)</label>
      <input id="record-reference" type="text" value={reference} onInput={(e) => setReference(e.currentTarget.value)} />
      <label for="record-invoices">Invoice ids it pays (comma-separated; empty: matched by the server)</label>
      <input id="record-invoices" type="text" value={invoices} onInput={(e) => setInvoices(e.currentTarget.value)} />
      <div class="actions"><button type="submit" disabled={busy}>Record</button></div>
      {error && <ErrorNote error={error} title="Not recorded" />}
    </form>
  );
}

/// The ids of a comma- or space-separated list, empty ones dropped.
export const idList = (text: string) => text.split(/[\s,]+/).filter(Boolean);
