import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { date, money } from '../../format';
import { ErrorNote, Loading } from '../../components/layout';
import { InvoiceTable } from '../../components/invoice-table';
import { ConfirmButton } from '../../components/confirm-button';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { useResource, type List } from '../components/use-resource';
import { StatusBadge } from '../components/status-badge';
import { call, can } from '../session';
import { CREDITABLE, pdfHref, type CreditNote, type Invoice } from './types';
import { CreditNoteForm } from './credit-note-form';
import { CreditNotesSection } from './credit-notes-section';

/// States from which an invoice can be voided (the server decides; others answer 409).
const VOIDABLE = ['open', 'uncollectible'];

/// One invoice: its facts, lines and totals (the core's), its PDF, its credit notes, and Void
/// and a new credit note for roles that may write invoices.
export function InvoicePage({ session, params }: PageProps) {
  const invoice = useResource<Invoice>(session, `/v1/invoices/${encodeURIComponent(params.id)}`);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const creditNotes = useResource<List<CreditNote>>(session, `/v1/credit_notes?invoice=${encodeURIComponent(params.id)}&limit=100`);
  const value = invoice.value;

  async function voidInvoice(target: Invoice) {
    setBusy(true);
    setError(null);
    const outcome = await call<Invoice>(session, 'POST', `/v1/invoices/${encodeURIComponent(target.id)}/void`, {});
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    invoice.set(outcome.value);
    setNotice(`Invoice ${outcome.value.number ?? outcome.value.id} is void.`);
  }

  function issued(note: CreditNote) {
    setNotice(`Credit note ${note.number} issued: ${money(note.amount, note.currency)} credited (${money(note.refund_amount, note.currency)} to refund, ${money(note.credit_amount, note.currency)} to the customer's balance).`);
    creditNotes.reload();
    invoice.reload();
  }

  return (
    <Shell session={session} title={value ? `Invoice ${value.number ?? value.id}` : 'Invoice'}>
      {invoice.error && <ErrorNote error={invoice.error} title="The invoice could not be loaded" />}
      {!invoice.error && !value && <Loading what="the invoice" />}
      {value && (
        <>
          <dl class="facts panel">
            <dt>Status</dt><dd><StatusBadge status={value.status} /></dd>
            <dt>Customer</dt><dd><a href={dashboardHref(`customers/${encodeURIComponent(value.customer)}`)}>{value.customer_details?.name ?? value.customer}</a></dd>
            <dt>Period</dt><dd>{date(value.period_start, null)} – {date(value.period_end, null)}</dd>
            <dt>Due</dt><dd>{date(value.due_at, null)}</dd>
            <dt>Remaining</dt><dd>{money(value.amount_remaining, value.currency)}</dd>
          </dl>
          <div class="actions">
            {value.status !== 'draft' && <a class="button-link" href={pdfHref(value)}>Download the PDF</a>}
            {can(session, 'invoices:write') && VOIDABLE.includes(value.status) && (
              <ConfirmButton label="Void invoice" question="Void this invoice for good?" confirmLabel="Void it" disabled={busy} onConfirm={() => voidInvoice(value)} />
            )}
          </div>
          <p role="status" aria-live="polite" class={notice ? 'success' : undefined}>{notice}</p>
          {error && <ErrorNote error={error} title="The invoice was not voided" />}
          <section aria-labelledby="lines" class="panel dash-section">
            <h2 id="lines">Lines</h2>
            <InvoiceTable invoice={value} caption="Computed by the pricing core" timeZone="UTC" names={{}} />
          </section>
          <CreditNotesSection notes={creditNotes.value} error={creditNotes.error} />
          {can(session, 'invoices:write') && CREDITABLE.includes(value.status) && (
            <CreditNoteForm session={session} invoice={value} onIssued={issued} />
          )}
        </>
      )}
    </Shell>
  );
}
