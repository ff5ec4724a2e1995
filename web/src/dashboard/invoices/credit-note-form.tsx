import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { money } from '../../format';
import { call, type Session } from '../session';
import { CREDIT_NOTE_REASONS, type CreditNote, type Invoice } from './types';

type Mode = 'full' | 'amount' | 'lines';

const MODES: { value: Mode; label: string }[] = [
  { value: 'full', label: 'Everything left on the invoice' },
  { value: 'amount', label: 'An amount, spread over the lines' },
  { value: 'lines', label: 'Amounts per line' },
];

/// The body of POST /v1/credit_notes for what the form holds: amounts are the typed decimal
/// strings, sent as they are (the server checks them and the core computes the credit).
function creditNoteBody(invoice: Invoice, form: { mode: Mode; amount: string; lineAmounts: string[]; reason: string; memo: string; refund: string }) {
  const body: Record<string, unknown> = { invoice: invoice.id, reason: form.reason };
  if (form.memo.trim()) body.memo = form.memo.trim();
  if (form.refund.trim()) body.refund_amount = form.refund.trim();
  if (form.mode === 'amount') body.amount = form.amount.trim();
  if (form.mode === 'lines') {
    body.lines = form.lineAmounts
      .map((amount, line) => ({ line, amount: amount.trim() }))
      .filter((entry) => entry.amount !== '');
  }
  return body;
}

/// Issues a credit note against a finalized invoice (roles with invoices:write): in full, a lump
/// amount or amounts per line, a reason, a memo and, for a paid invoice, the part to refund. The
/// API has no preview: a second press confirms, and the server's credit note (the core's
/// amounts) is what the page then shows. A refusal is the server's code at its field.
export function CreditNoteForm({ session, invoice, onIssued }: { session: Session; invoice: Invoice; onIssued: (note: CreditNote) => void }) {
  const [mode, setMode] = useState<Mode>('full');
  const [amount, setAmount] = useState('');
  const [lineAmounts, setLineAmounts] = useState<string[]>(() => invoice.lines.map(() => ''));
  const [reason, setReason] = useState(CREDIT_NOTE_REASONS[0]);
  const [memo, setMemo] = useState('');
  const [refund, setRefund] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const currency = invoice.currency.toUpperCase();
  const invalid = (path: string) => (error && (error.path === path || error.path.startsWith(`${path}/`)) ? 'true' : undefined);

  async function issue() {
    setBusy(true);
    setError(null);
    const body = creditNoteBody(invoice, { mode, amount, lineAmounts, reason, memo, refund });
    const outcome = await call<CreditNote>(session, 'POST', '/v1/credit_notes', body);
    setBusy(false);
    setConfirming(false);
    if (!outcome.ok) return setError(outcome.error);
    setAmount('');
    setLineAmounts(invoice.lines.map(() => ''));
    setMemo('');
    setRefund('');
    onIssued(outcome.value);
  }

  return (
    <form class="panel dash-section" aria-labelledby="credit-note-form" onSubmit={(e) => { e.preventDefault(); setConfirming(true); }}>
      <h2 id="credit-note-form">Issue a credit note</h2>
      <fieldset>
        <legend>What to credit</legend>
        {MODES.map((option) => (
          <div class="check" key={option.value}>
            <input type="radio" id={`credit-mode-${option.value}`} name="credit-mode" value={option.value} checked={mode === option.value}
              onChange={() => { setMode(option.value); setConfirming(false); }} />
            <label for={`credit-mode-${option.value}`}>{option.label}</label>
          </div>
        ))}
      </fieldset>
      {mode === 'amount' && (
        <>
          <label for="credit-amount">Amount ({currency}, before tax on tax-exclusive lines)</label>
          <input id="credit-amount" type="text" inputMode="decimal" required value={amount} aria-invalid={invalid('/amount')}
            onInput={(e) => setAmount(e.currentTarget.value)} />
        </>
      )}
      {mode === 'lines' && invoice.lines.map((line, index) => (
        <div key={index}>
          <label for={`credit-line-${index}`}>Line {index + 1}: {line.description ?? line.item_id} ({money(line.amount, invoice.currency)})</label>
          <input id={`credit-line-${index}`} type="text" inputMode="decimal" value={lineAmounts[index]} aria-invalid={invalid(`/lines/${index}`)}
            onInput={(e) => { const value = e.currentTarget.value; setLineAmounts((amounts) => amounts.map((old, at) => (at === index ? value : old))); }} />
        </div>
      ))}
      {mode === 'lines' && <p class="hint">Leave a line empty to credit nothing of it.</p>}
      <label for="credit-reason">Reason</label>
      <select id="credit-reason" value={reason} aria-invalid={invalid('/reason')} onChange={(e) => setReason(e.currentTarget.value)}>
        {CREDIT_NOTE_REASONS.map((name) => <option key={name} value={name}>{name.replace(/_/g, ' ')}</option>)}
      </select>
      <label for="credit-memo">Memo (optional)</label>
      <input id="credit-memo" type="text" value={memo} aria-invalid={invalid('/memo')} onInput={(e) => setMemo(e.currentTarget.value)} />
      {invoice.status === 'paid' && (
        <>
          <label for="credit-refund">Part to refund ({currency}, optional; the rest goes to the customer's balance)</label>
          <input id="credit-refund" type="text" inputMode="decimal" value={refund} aria-invalid={invalid('/refund_amount')}
            onInput={(e) => setRefund(e.currentTarget.value)} />
        </>
      )}
      <div class="actions">
        {!confirming && <button type="submit" class="secondary" disabled={busy}>Issue credit note…</button>}
        {confirming && (
          <span class="confirm">
            <span>Issue this credit note for good?</span>
            <button type="button" class="danger" disabled={busy} onClick={issue}>Issue it</button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>Keep editing</button>
          </span>
        )}
      </div>
      {error && <ErrorNote error={error} title="No credit note was issued" />}
    </form>
  );
}
